import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

// `make bench-app` splits the launch at this mark: the page's script starts running.
performance.mark('preflight:script');

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
