#!/usr/bin/env node
// Draws the Teams app icons and writes them as PNGs, with nothing but node:zlib:
//   color.png   192x192, a white speech bubble holding a quotation mark, on GOV.UK blue
//   outline.png  32x32, the same bubble in white on a transparent background (Teams' rule for outlines)
// Usage: node scripts/make-teams-icons.mjs [output folder]   (default: manifest/teams)
// The output is the same every run, so the committed PNGs can be checked against it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const BLUE = [0x1d, 0x70, 0xb8];
const WHITE = [0xff, 0xff, 0xff];
/** Samples per pixel side: 4x4 per pixel gives smooth edges. */
const SUPERSAMPLE = 4;

/** The drawing, in a 192-unit square: the bubble, and the quotation mark cut out of it. */
function inBubble(x, y) {
  return inRoundedRect(x, y, 30, 40, 162, 130, 22) || inTriangle(x, y, [52, 120], [92, 120], [44, 160]);
}
function inQuoteMark(x, y) {
  return inComma(x, y, 78, 78, 13) || inComma(x, y, 116, 78, 13);
}

function inRoundedRect(x, y, left, top, right, bottom, radius) {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}
function inTriangle(x, y, a, b, c) {
  const side = (p, q) => (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1]);
  const d1 = side(a, b);
  const d2 = side(b, c);
  const d3 = side(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}
/** A filled circle with a tail curling down to the left: one half of “. */
function inComma(x, y, cx, cy, r) {
  return (
    (x - cx) ** 2 + (y - cy) ** 2 <= r ** 2 ||
    inTriangle(x, y, [cx + r * 0.9, cy + r * 0.4], [cx - r * 0.2, cy + r * 0.95], [cx - r * 0.9, cy + r * 2.4])
  );
}

/** Fraction of pixel (px, py) of a size-pixel image covered by `shape` (given in 192 units). */
function coverage(px, py, size, shape) {
  const scale = 192 / size;
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLE) * scale;
      const y = (py + (sy + 0.5) / SUPERSAMPLE) * scale;
      if (shape(x, y)) hits++;
    }
  }
  return hits / SUPERSAMPLE ** 2;
}

const whiteShape = (x, y) => inBubble(x, y) && !inQuoteMark(x, y);

function colorIcon(size) {
  return pixels(size, (x, y) => {
    const white = coverage(x, y, size, whiteShape);
    return [...BLUE.map((c, i) => Math.round(c + (WHITE[i] - c) * white)), 255];
  });
}

function outlineIcon(size) {
  return pixels(size, (x, y) => [...WHITE, Math.round(255 * coverage(x, y, size, whiteShape))]);
}

function pixels(size, pixel) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) rgba.set(pixel(x, y), (y * size + x) * 4);
  }
  return { width: size, height: size, rgba };
}

/** An 8-bit RGBA PNG: signature, IHDR, one IDAT (each row with filter byte 0), IEND. */
export function encodePng({ width, height, rgba }) {
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const out = resolve(process.argv[2] ?? join(root, 'manifest', 'teams'));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'color.png'), encodePng(colorIcon(192)));
  writeFileSync(join(out, 'outline.png'), encodePng(outlineIcon(32)));
  process.stdout.write(`wrote color.png (192x192) and outline.png (32x32) to ${out}\n`);
}
