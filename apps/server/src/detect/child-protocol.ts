/**
 * The messages between the server and a detection run's child process (over Node's IPC
 * channel). Both sides parse what they receive with these schemas.
 */
import { z } from 'zod';

/** What the child is asked to run: the `detectCoordination` options that cross a process boundary. */
export const ChildStartSchema = z.object({
  type: z.literal('start'),
  input: z.string().min(1),
  format: z.string().min(1),
  fileType: z.string().min(1),
  outDir: z.string().min(1),
  mapping: z.record(z.string(), z.string()),
  methods: z.array(z.string()).optional(),
  window: z.union([z.literal('auto'), z.number()]).optional(),
  alpha: z.number().optional(),
  seed: z.number().optional(),
  maxPairsPerShare: z.number().optional(),
  timeResolution: z.number().optional(),
  /** The time stamped on the STIX objects (the server's clock when the run started). */
  now: z.iso.datetime(),
});
export type ChildStart = z.output<typeof ChildStartSchema>;

const CommunitySchema = z.object({
  community: z.number(),
  size: z.number(),
  edges: z.number(),
  behaviours: z.array(z.string()),
  accountsPreview: z.array(z.string()),
});

/** What the child reports: progress, then either its summary and communities or a failure. */
export const ChildMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), fraction: z.number().min(0).max(1), message: z.string() }),
  z.object({ type: z.literal('done'), summary: z.record(z.string(), z.unknown()), communities: z.array(CommunitySchema) }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type ChildMessage = z.output<typeof ChildMessageSchema>;
