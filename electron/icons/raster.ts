/**
 * A tiny rasterizer for the app's icons: filled circles, rounded rectangles
 * and polygons, anti-aliased by supersampling, encoded as PNG with node:zlib.
 * The same shape list also becomes the SVG source, so the committed SVG and
 * PNGs and the tray icons drawn at runtime cannot drift apart, and no image
 * library (or native dependency) is needed.
 */
import { crc32, deflateSync } from 'node:zlib';

export type Color = readonly [r: number, g: number, b: number];

export type Shape =
  | { kind: 'circle'; cx: number; cy: number; r: number; color: Color }
  | { kind: 'roundRect'; x: number; y: number; width: number; height: number; r: number; color: Color }
  | { kind: 'polygon'; points: readonly (readonly [number, number])[]; color: Color };

/** Shapes in a square viewBox of `size` units, painted in order. */
export interface Artwork {
  size: number;
  shapes: readonly Shape[];
}

interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function boundsOf(shape: Shape): Bounds {
  switch (shape.kind) {
    case 'circle':
      return { minX: shape.cx - shape.r, minY: shape.cy - shape.r, maxX: shape.cx + shape.r, maxY: shape.cy + shape.r };
    case 'roundRect':
      return { minX: shape.x, minY: shape.y, maxX: shape.x + shape.width, maxY: shape.y + shape.height };
    case 'polygon': {
      const xs = shape.points.map((p) => p[0]);
      const ys = shape.points.map((p) => p[1]);
      return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
    }
  }
}

function contains(shape: Shape, x: number, y: number): boolean {
  switch (shape.kind) {
    case 'circle':
      return (x - shape.cx) ** 2 + (y - shape.cy) ** 2 <= shape.r ** 2;
    case 'roundRect': {
      const { x: left, y: top, width, height, r } = shape;
      if (x < left || x > left + width || y < top || y > top + height) return false;
      // Distance to the inner rectangle whose corners are the corner circles' centres.
      const dx = Math.max(left + r - x, 0, x - (left + width - r));
      const dy = Math.max(top + r - y, 0, y - (top + height - r));
      return dx * dx + dy * dy <= r * r;
    }
    case 'polygon': {
      // Even-odd ray casting.
      let inside = false;
      const pts = shape.points;
      for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
        const [xi, yi] = pts[i]!;
        const [xj, yj] = pts[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    }
  }
}

/** RGBA pixels (straight alpha), `pixels` wide and high. */
export function rasterize(art: Artwork, pixels: number, samples = 4): Uint8Array {
  const out = new Uint8Array(pixels * pixels * 4);
  const scale = art.size / pixels;
  const perPixel = samples * samples;
  for (const shape of art.shapes) {
    const b = boundsOf(shape);
    const x0 = Math.max(0, Math.floor(b.minX / scale));
    const x1 = Math.min(pixels - 1, Math.ceil(b.maxX / scale));
    const y0 = Math.max(0, Math.floor(b.minY / scale));
    const y1 = Math.min(pixels - 1, Math.ceil(b.maxY / scale));
    for (let py = y0; py <= y1; py++) {
      for (let px = x0; px <= x1; px++) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (contains(shape, (px + (sx + 0.5) / samples) * scale, (py + (sy + 0.5) / samples) * scale)) hits++;
          }
        }
        if (hits > 0) blend(out, (py * pixels + px) * 4, shape.color, hits / perPixel);
      }
    }
  }
  return out;
}

/** Paints `color` with coverage `alpha` over the pixel ("source over", straight alpha). */
function blend(out: Uint8Array, i: number, color: Color, alpha: number): void {
  const dstA = out[i + 3]! / 255;
  const outA = alpha + dstA * (1 - alpha);
  for (let c = 0; c < 3; c++) {
    out[i + c] = Math.round((color[c]! * alpha + out[i + c]! * dstA * (1 - alpha)) / outA);
  }
  out[i + 3] = Math.round(outA * 255);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An 8-bit RGBA PNG of a square image. */
export function encodePng(pixels: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(pixels, 0);
  header.writeUInt32BE(pixels, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const stride = pixels * 4;
  const raw = Buffer.alloc((stride + 1) * pixels);
  for (let y = 0; y < pixels; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

export function renderPng(art: Artwork, pixels: number): Buffer {
  return encodePng(pixels, rasterize(art, pixels));
}

const hex = (color: Color) => `#${color.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const num = (value: number) => String(Math.round(value * 100) / 100);

/** The same artwork as an SVG document. */
export function toSvg(art: Artwork): string {
  const lines = art.shapes.map((shape) => {
    switch (shape.kind) {
      case 'circle':
        return `  <circle cx="${num(shape.cx)}" cy="${num(shape.cy)}" r="${num(shape.r)}" fill="${hex(shape.color)}"/>`;
      case 'roundRect':
        return `  <rect x="${num(shape.x)}" y="${num(shape.y)}" width="${num(shape.width)}" height="${num(shape.height)}" rx="${num(shape.r)}" fill="${hex(shape.color)}"/>`;
      case 'polygon':
        return `  <polygon points="${shape.points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}" fill="${hex(shape.color)}"/>`;
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${art.size} ${art.size}" width="${art.size * 8}" height="${art.size * 8}">\n${lines.join('\n')}\n</svg>\n`;
}
