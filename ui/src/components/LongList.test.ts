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
});
