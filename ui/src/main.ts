import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { readFirst } from './lib/startup';

// `make bench-app` splits the launch at this mark: the page's script starts running.
performance.mark('preflight:script');

// Asked for before the mount, so the backend answers while the page is being built.
const first = readFirst();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target, props: { first } });
