import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import TwoLongLists from '../lib/testing/TwoLongLists.svelte';

describe('LongList', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('places lists that appear together with every read before any list draws rows', async () => {
    // Each read of a list's position notes how many rows were drawn then: a read after another
    // list drew its rows is a second layout of the whole page in a browser.
    const drawnAtRead: number[] = [];
    const read = Element.prototype.getBoundingClientRect;
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      if (this.hasAttribute('data-windowed')) drawnAtRead.push(document.querySelectorAll('li.row').length);
      return read.call(this);
    });
    render(TwoLongLists, { count: 300 });
    await tick();
    await tick();

    expect(drawnAtRead.length).toBeGreaterThanOrEqual(2);
    expect(drawnAtRead.slice(0, 2)).toEqual([0, 0]);
    for (const list of ['first', 'second']) {
      const rows = screen.getByTestId(`list-${list}`).querySelectorAll('li.row').length;
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThan(300);
    }
  });

  it('keeps its rows while it has no box (in a tab kept hidden), and moves them once shown', async () => {
    // Where the lists are: scrolled 5,000 px down while hidden, the window would move there.
    let hidden = false;
    let top = 0;
    const rects = Element.prototype.getClientRects;
    vi.spyOn(Element.prototype, 'getClientRects').mockImplementation(function (this: Element) {
      return hidden && this.hasAttribute('data-windowed') ? ([] as unknown as DOMRectList) : rects.call(this);
    });
    const box = Element.prototype.getBoundingClientRect;
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      return this.hasAttribute('data-windowed') ? new DOMRect(0, top, 800, 30_000) : box.call(this);
    });
    const frames = () => new Promise((done) => setTimeout(done, 50));
    render(TwoLongLists, { count: 300 });
    await frames();
    const first = () => [...screen.getByTestId('list-first').querySelectorAll('li.row')].map((li) => li.textContent);
    const drawn = first();
    expect(drawn[0]).toBe('Row 0');

    hidden = true;
    top = -5000;
    document.dispatchEvent(new Event('scroll'));
    await frames();
    expect(first()).toEqual(drawn);

    hidden = false;
    document.dispatchEvent(new Event('scroll'));
    await frames();
    expect(first()[0]).not.toBe('Row 0');
  });
});
