/**
 * RAIC's mark: a cloud (the accounts) with a shield over it (encryption and
 * redundancy) on a tile in the product's blue. The tray variants drop the
 * shield, which is unreadable at 16 px, and add a status dot where it was.
 */
import type { StatusLevel } from '../grid-status';
import type { Artwork, Color, Shape } from './raster';

export const BLUE: Color = [0x1f, 0x5f, 0xbf];
const WHITE: Color = [0xff, 0xff, 0xff];

export const STATUS_COLORS: Record<StatusLevel, Color> = {
  healthy: [0x2e, 0x9e, 0x44],
  warning: [0xe8, 0xa2, 0x00],
  danger: [0xd3, 0x2f, 0x2f],
  unknown: [0x8a, 0x8f, 0x98],
};

const SIZE = 64;

const tile: Shape = { kind: 'roundRect', x: 0, y: 0, width: SIZE, height: SIZE, r: 14, color: BLUE };

function cloud(color: Color): Shape[] {
  return [
    { kind: 'circle', cx: 21, cy: 31, r: 9, color },
    { kind: 'circle', cx: 34, cy: 25, r: 12, color },
    { kind: 'circle', cx: 46, cy: 33, r: 8, color },
    { kind: 'roundRect', x: 12, y: 30, width: 42, height: 14, r: 7, color },
  ];
}

/** A shield outline: flat top, straight sides, curved to a point at the bottom (quadratic curve, sampled). */
function shield(cx: number, top: number, halfWidth: number, height: number, color: Color): Shape {
  const right: [number, number][] = [[cx + halfWidth, top]];
  const start: [number, number] = [cx + halfWidth, top + height * 0.42];
  const control: [number, number] = [cx + halfWidth, top + height * 0.82];
  const end: [number, number] = [cx, top + height];
  for (let i = 0; i <= 8; i++) {
    const t = i / 8;
    const a = (1 - t) ** 2;
    const b = 2 * (1 - t) * t;
    const c = t ** 2;
    right.push([a * start[0] + b * control[0] + c * end[0], a * start[1] + b * control[1] + c * end[1]]);
  }
  const left = right
    .slice(0, -1)
    .reverse()
    .map(([x, y]) => [2 * cx - x, y] as [number, number]);
  return { kind: 'polygon', points: [...right, ...left], color };
}

export const APP_MARK: Artwork = {
  size: SIZE,
  shapes: [tile, ...cloud(WHITE), shield(44, 33, 11.5, 25, WHITE), shield(44, 36, 8.5, 19, BLUE)],
};

export function trayMark(level: StatusLevel): Artwork {
  return {
    size: SIZE,
    shapes: [
      tile,
      ...cloud(WHITE),
      { kind: 'circle', cx: 49, cy: 49, r: 15, color: WHITE },
      { kind: 'circle', cx: 49, cy: 49, r: 11.5, color: STATUS_COLORS[level] },
    ],
  };
}
