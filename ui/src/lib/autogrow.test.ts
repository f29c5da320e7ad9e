import { afterEach, describe, expect, it, vi } from 'vitest';
import { autogrow } from './autogrow';

/** Textareas in the page whose content is `heights[i]` px tall; each read of that height
 *  records whether every one of them had its height reset first (a single layout). */
function textareas(heights: number[]) {
  const reads: boolean[] = [];
  const nodes = heights.map((height) => {
    const node = document.createElement('textarea');
    document.body.append(node);
    Object.defineProperty(node, 'scrollHeight', {
      get: () => {
        reads.push(nodes.every((n) => n.style.height === 'auto'));
        return height;
      },
    });
    return node;
  });
  return { nodes, reads };
}

describe('autogrow', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('sizes the textareas drawn together in one pass before the next frame', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
    const { nodes, reads } = textareas([40, 90, 20]);
    const actions = nodes.map((node) => autogrow(node, ''));
    // Nothing is measured while they are drawn, and one frame is asked for, not three.
    expect(reads).toEqual([]);
    expect(frames).toHaveLength(1);
    frames.shift()!(0);
    expect(nodes.map((n) => n.style.height)).toEqual(['42px', '92px', '22px']);
    // Every height was read after all of them were reset: the page was laid out once.
    expect(reads).toEqual([true, true, true]);

    // A value changed from outside is sized before the next frame too; a removed one is not.
    reads.length = 0;
    actions[0]!.update?.('new text');
    actions[1]!.destroy?.();
    actions[2]!.update?.('other');
    expect(frames).toHaveLength(1);
    frames.shift()!(0);
    expect(reads).toHaveLength(2);
  });

  it('resizes at once while typing', () => {
    vi.stubGlobal('requestAnimationFrame', () => 0);
    const { nodes } = textareas([120]);
    autogrow(nodes[0]!, '');
    nodes[0]!.dispatchEvent(new Event('input'));
    expect(nodes[0]!.style.height).toBe('122px');
  });
});
