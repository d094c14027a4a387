import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The raw exports of harfbuzzjs's `harfbuzz-subset.wasm` this module calls (HarfBuzz's C API). */
interface SubsetExports {
  memory: WebAssembly.Memory;
  _initialize?: () => void;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, lengthPtr: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
const HB_SUBSET_FLAGS_RETAIN_GIDS = 0x2;
/** Tables a PDF viewer never reads: shaping is done before the glyphs are written. */
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'kern', 'vhea', 'vmtx', 'VORG', 'DSIG', 'morx', 'feat'];

let instance: SubsetExports | undefined;

function subsetter(): SubsetExports {
  if (!instance) {
    const module = new WebAssembly.Module(readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
    instance = new WebAssembly.Instance(module, {}).exports as unknown as SubsetExports;
    instance._initialize?.();
  }
  return instance;
}

const tag = (s: string): number => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;

/** One face of a font file, ready to subset. */
export interface SubsetFace {
  /** Only `glyphIds` (and .notdef) are kept. */
  subset(glyphIds: Iterable<number>): Uint8Array;
}

/**
 * Subsetting with HarfBuzz (hb-subset). The file is copied once into the subsetter's memory and
 * shared by its faces (a collection has several). TrueType faces keep their glyph ids (`retainGids`:
 * a PDF's CIDs stay the original glyph ids); CID-keyed CFF faces are renumbered and keep their CIDs in
 * the charset.
 */
export function subsetFile(bytes: Uint8Array): { face(index: number, retainGids: boolean): SubsetFace } {
  const x = subsetter();
  const data = x.malloc(bytes.length);
  new Uint8Array(x.memory.buffer).set(bytes, data);
  const blob = x.hb_blob_create(data, bytes.length, HB_MEMORY_MODE_READONLY, 0, 0);
  return {
    face(index, retainGids) {
      const face = x.hb_face_create(blob, index);
      const flags = HB_SUBSET_FLAGS_NO_HINTING | (retainGids ? HB_SUBSET_FLAGS_RETAIN_GIDS : 0);
      return { subset: (glyphIds) => subsetFace(x, face, glyphIds, flags) };
    },
  };
}

function subsetFace(x: SubsetExports, face: number, glyphIds: Iterable<number>, flags: number): Uint8Array {
  const input = x.hb_subset_input_create_or_fail();
  if (!input) throw new Error('hb-subset: out of memory');
  try {
    const glyphs = x.hb_subset_input_glyph_set(input);
    x.hb_set_add(glyphs, 0);
    for (const id of glyphIds) x.hb_set_add(glyphs, id);
    const drop = x.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const name of DROPPED_TABLES) x.hb_set_add(drop, tag(name));
    x.hb_subset_input_set_flags(input, flags);
    const result = x.hb_subset_or_fail(face, input);
    if (!result) throw new Error('hb-subset: the font could not be subset');
    const out = x.hb_face_reference_blob(result);
    const lengthPtr = x.malloc(4);
    try {
      const ptr = x.hb_blob_get_data(out, lengthPtr);
      const length = new Uint32Array(x.memory.buffer, lengthPtr, 1)[0]!;
      return new Uint8Array(x.memory.buffer, ptr, length).slice();
    } finally {
      x.free(lengthPtr);
      x.hb_blob_destroy(out);
      x.hb_face_destroy(result);
    }
  } finally {
    x.hb_subset_input_destroy(input);
  }
}
