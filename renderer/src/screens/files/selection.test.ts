import { describe, expect, it } from 'vitest';
import { describeCount, EMPTY_SELECTION, keepListed, modeOfClick, nameProblem, selectItem } from './selection';

const order = ['/A', '/B', '/c.txt', '/d.txt', '/e.txt'];
const chosen = (s: { paths: ReadonlySet<string> }) => [...s.paths].sort();

describe('selectItem', () => {
  it('toggles one item and moves the anchor there', () => {
    let s = selectItem(EMPTY_SELECTION, order, '/B', 'toggle');
    s = selectItem(s, order, '/d.txt', 'toggle');
    expect(chosen(s)).toEqual(['/B', '/d.txt']);
    s = selectItem(s, order, '/B', 'toggle');
    expect(chosen(s)).toEqual(['/d.txt']);
    expect(s.anchor).toBe('/B');
  });

  it('selects a range in list order from the anchor, either direction, adding to a ctrl selection', () => {
    let s = selectItem(EMPTY_SELECTION, order, '/A', 'toggle');
    s = selectItem(s, order, '/e.txt', 'toggle');
    s = selectItem(s, order, '/c.txt', 'range');
    expect(chosen(s)).toEqual(['/A', '/c.txt', '/d.txt', '/e.txt']);
    s = selectItem(selectItem(EMPTY_SELECTION, order, '/d.txt', 'only'), order, '/B', 'range');
    expect(chosen(s)).toEqual(['/B', '/c.txt', '/d.txt']);
    expect(s.anchor).toBe('/d.txt');
  });

  it('treats a range without an anchor as a toggle, and "only" replaces the selection', () => {
    expect(chosen(selectItem(EMPTY_SELECTION, order, '/c.txt', 'range'))).toEqual(['/c.txt']);
    const s = selectItem(selectItem(EMPTY_SELECTION, order, '/A', 'toggle'), order, '/e.txt', 'only');
    expect(chosen(s)).toEqual(['/e.txt']);
  });
});

it('keepListed drops what is no longer listed, and the anchor with it', () => {
  const s = selectItem(selectItem(EMPTY_SELECTION, order, '/A', 'toggle'), order, '/B', 'toggle');
  const kept = keepListed(s, ['/A', '/c.txt']);
  expect(chosen(kept)).toEqual(['/A']);
  expect(kept.anchor).toBeNull();
  expect(keepListed(s, order)).toBe(s);
});

it('modeOfClick reads shift as a range and ctrl or cmd as a toggle', () => {
  expect(modeOfClick({ shiftKey: true, ctrlKey: true, metaKey: false })).toBe('range');
  expect(modeOfClick({ shiftKey: false, ctrlKey: true, metaKey: false })).toBe('toggle');
  expect(modeOfClick({ shiftKey: false, ctrlKey: false, metaKey: true })).toBe('toggle');
  expect(modeOfClick({ shiftKey: false, ctrlKey: false, metaKey: false })).toBeNull();
});

it('describeCount and nameProblem say what is chosen and what is wrong with a name', () => {
  expect(describeCount(0, 1)).toBe('1 file');
  expect(describeCount(2, 0)).toBe('2 folders');
  expect(describeCount(1, 3)).toBe('1 folder and 3 files');
  const taken = new Set(['Photos', 'notes.txt']);
  expect(nameProblem('  ', 'Old', taken)).toBe('Type a name.');
  expect(nameProblem('a/b', 'Old', taken)).toMatch(/cannot contain "\/"/);
  expect(nameProblem('Photos', 'Old', taken)).toMatch(/already in this folder; choose another name/);
  expect(nameProblem('Old', 'Old', taken)).toBeNull();
  expect(nameProblem('New', 'Old', taken)).toBeNull();
});
