import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { APP_MARK, BLUE, STATUS_COLORS, trayMark } from './art';
import { encodePng, rasterize, renderPng, toSvg } from './raster';

/** Reads back our own PNGs: one IDAT, filter 0 on every row. */
function decode(png: Buffer): { size: number; pixel(x: number, y: number): number[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const size = png.readUInt32BE(16);
  const idatAt = png.indexOf('IDAT');
  const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4)));
  return { size, pixel: (x, y) => [...raw.subarray(y * (size * 4 + 1) + 1 + x * 4, y * (size * 4 + 1) + 1 + x * 4 + 4)] };
}

describe('icon rasterizer', () => {
  it('encodes a valid RGBA PNG', () => {
    const png = encodePng(2, new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0]));
    const image = decode(png);
    expect(image.size).toBe(2);
    expect(image.pixel(1, 0)).toEqual([0, 255, 0, 255]);
    expect(image.pixel(1, 1)).toEqual([0, 0, 0, 0]);
    expect(png.subarray(12, 16).toString()).toBe('IHDR');
    expect(png.subarray(-8, -4).toString()).toBe('IEND');
  });

  it('paints the mark: blue tile, transparent rounded corners, white cloud', () => {
    const image = decode(renderPng(APP_MARK, 64));
    expect(image.pixel(0, 0)[3]).toBe(0);
    expect(image.pixel(3, 32)).toEqual([...BLUE, 255]);
    expect(image.pixel(34, 22)).toEqual([255, 255, 255, 255]);
  });

  it('puts the status colour in the tray dot', () => {
    for (const level of ['healthy', 'warning', 'danger'] as const) {
      expect(decode(renderPng(trayMark(level), 32)).pixel(24, 24)).toEqual([...STATUS_COLORS[level], 255]);
    }
  });

  it('anti-aliases edges', () => {
    const pixels = rasterize({ size: 4, shapes: [{ kind: 'circle', cx: 2, cy: 2, r: 1.5, color: [0, 0, 0] }] }, 4);
    const alphas = new Set(Array.from({ length: 16 }, (_, i) => pixels[i * 4 + 3]));
    expect([...alphas].some((a) => a! > 0 && a! < 255)).toBe(true);
  });

  it('the committed SVG and PNGs are what scripts/make-icons.mjs draws today', () => {
    const asset = (file: string) => readFileSync(new URL(`../../assets/${file}`, import.meta.url));
    expect(asset('icon.svg').toString()).toBe(toSvg(APP_MARK));
    expect(asset('icons/32x32.png').equals(renderPng(APP_MARK, 32))).toBe(true);
    expect(asset('tray/tray-danger@2x.png').equals(renderPng(trayMark('danger'), 32))).toBe(true);
  });
});
