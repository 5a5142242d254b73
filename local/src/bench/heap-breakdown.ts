// What a call holds on the worker's heap: two V8 heap snapshots (idle, and with N calls up) aggregated
// by what each object is (its constructor, or V8's kind of node), and the difference divided by N.
import { readFileSync } from "node:fs";

export interface HeapShare {
  /** Constructor name, or V8's node kind in brackets ("(string)", "(code)", "system / JSArrayBufferData"). */
  what: string;
  bytesPerCall: number;
  objectsPerCall: number;
}

export interface HeapBreakdown {
  idleBytes: number;
  loadedBytes: number;
  bytesPerCall: number;
  /** The largest shares, most first. */
  shares: HeapShare[];
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Self sizes summed by what the object is. */
function aggregate(file: string): Map<string, { bytes: number; objects: number }> {
  const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const stride = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const totals = new Map<string, { bytes: number; objects: number }>();
  for (let i = 0; i < snap.nodes.length; i += stride) {
    const type = types[snap.nodes[i + typeAt] ?? 0] ?? "?";
    const name = snap.strings[snap.nodes[i + nameAt] ?? 0] ?? "?";
    const what =
      type === "object" || type === "native" ? name : type === "closure" ? "(closures)" : `(${type})`;
    const total = totals.get(what) ?? { bytes: 0, objects: 0 };
    total.bytes += snap.nodes[i + sizeAt] ?? 0;
    total.objects++;
    totals.set(what, total);
  }
  return totals;
}

export function heapBreakdown(idleFile: string, loadedFile: string, calls: number, top = 12): HeapBreakdown {
  const idle = aggregate(idleFile);
  const loaded = aggregate(loadedFile);
  const sum = (totals: Map<string, { bytes: number }>) =>
    [...totals.values()].reduce((t, v) => t + v.bytes, 0);
  const shares: HeapShare[] = [...loaded].map(([what, v]) => {
    const before = idle.get(what) ?? { bytes: 0, objects: 0 };
    return {
      what,
      bytesPerCall: (v.bytes - before.bytes) / calls,
      objectsPerCall: (v.objects - before.objects) / calls,
    };
  });
  shares.sort((a, b) => b.bytesPerCall - a.bytesPerCall);
  const idleBytes = sum(idle);
  const loadedBytes = sum(loaded);
  return {
    idleBytes,
    loadedBytes,
    bytesPerCall: (loadedBytes - idleBytes) / calls,
    shares: shares.slice(0, top),
  };
}
