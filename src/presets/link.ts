// Preset links: the page URL with `#p=<version>.<payload>`, where the payload is the preset's JSON,
// deflate-compressed (the browser's own CompressionStream: no library) and base64url-encoded. Only the
// hash carries it, so the preset never reaches a server either. Schema: docs/presets.md.
import { LIMITS, parsePreset, PresetError, presetJson, type Preset } from './preset';

/** Longest hash we accept: well above any real preset, well below what a browser keeps. */
export const MAX_HASH = 64 * 1024;

/** Runs bytes through a (de)compression stream, stopping once the output passes `limit` bytes. */
async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit = Infinity,
): Promise<Uint8Array> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  const reader = source.pipeThrough(stream as TransformStream<Uint8Array, Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new PresetError('tooLarge', `more than ${limit} bytes unpacked`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new PresetError('corrupt', 'not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The hash (without '#') that carries a preset. */
export async function encodePreset(preset: Preset): Promise<string> {
  const json = JSON.stringify(presetJson(preset));
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return `p=${preset.v}.${toBase64Url(packed)}`;
}

/**
 * The hash without '#', percent-decoded when a mail client or chat tool encoded it (`p%3D1.…`): the
 * payload itself never holds '%'.
 */
function hashBody(hash: string): string {
  const body = hash.replace(/^#/, '');
  if (!body.includes('%')) return body;
  try {
    return decodeURIComponent(body);
  } catch {
    return body;
  }
}

/** True when a location hash carries a preset (whether or not it is valid). */
export function hasPreset(hash: string): boolean {
  return /^p=/.test(hashBody(hash));
}

/** The preset in a location hash; throws PresetError saying what is wrong. */
export async function decodePreset(hash: string): Promise<Preset> {
  const body = hashBody(hash);
  if (body.length > MAX_HASH) throw new PresetError('tooLarge', `${body.length} characters`);
  const match = /^p=(\d+)\.(.*)$/s.exec(body);
  if (!match) throw new PresetError('corrupt', 'not a preset link');
  const version = Number(match[1]);
  if (version !== 1) throw new PresetError('version', String(version));
  let json: string;
  try {
    const bytes = await pipe(fromBase64Url(match[2]), new DecompressionStream('deflate-raw'), LIMITS.json);
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof PresetError) throw error;
    throw new PresetError('corrupt', 'the link is cut short or damaged');
  }
  return parsePreset(json);
}

/** The full link for a preset, on this page's address. */
export async function presetUrl(preset: Preset, base = location.href): Promise<string> {
  const url = new URL(base);
  url.hash = await encodePreset(preset);
  return url.toString();
}
