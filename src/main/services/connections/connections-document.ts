import { z } from 'zod';
import { formatPath } from '../../../shared/result';

/**
 * The on-disk shape of the saved-connections store. Validated whole on open: a file that does not
 * match (hand-edited, truncated, from another version) is moved aside rather than half-trusted.
 */
const sealedSecret = z.strictObject({
  scheme: z.enum(['safe-storage', 'key-file']),
  data: z.string().min(1).max(8192),
});

const savedConnectionRecord = z.strictObject({
  id: z.string().min(1).max(200),
  label: z.string().min(1).max(80),
  address: z.string().min(1).max(253),
  user: z.string().min(1).max(256),
  /** The encrypted password, or null when none is kept on disk. */
  secret: sealedSecret.nullable(),
  lastUsed: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

/** Saved connections the file may hold. */
export const MAX_SAVED_CONNECTIONS = 1000;
/** Accepted certificates the file may hold (a lab has a handful of vCenters; this is ample). */
export const MAX_KNOWN_HOSTS = 1000;

export const connectionsDocumentSchema = z.strictObject({
  version: z.literal(1),
  connections: z.array(savedConnectionRecord).max(MAX_SAVED_CONNECTIONS),
  /** Accepted certificate thumbprints by lower-cased address, like SSH's known_hosts. */
  knownHosts: z
    .record(z.string().min(1).max(253), z.string().min(1).max(200))
    .refine((hosts) => Object.keys(hosts).length <= MAX_KNOWN_HOSTS, {
      message: `more than ${MAX_KNOWN_HOSTS} accepted certificates (the limit)`,
    }),
  settings: z.strictObject({
    /** The user opted in to keeping passwords on disk without an OS keyring. */
    persistWithoutKeyring: z.boolean(),
  }),
});

export type ConnectionsDocument = z.infer<typeof connectionsDocumentSchema>;
export type SavedConnectionRecord = z.infer<typeof savedConnectionRecord>;
export type SealedSecret = z.infer<typeof sealedSecret>;

export function emptyConnectionsDocument(): ConnectionsDocument {
  return { version: 1, connections: [], knownHosts: {}, settings: { persistWithoutKeyring: false } };
}

/** An empty object is a store never written yet (not damage); anything else must match the schema. */
export function validateConnectionsDocument(data: Record<string, unknown>): string | null {
  if (Object.keys(data).length === 0) return null;
  const parsed = connectionsDocumentSchema.safeParse(data);
  if (parsed.success) {
    const ids = new Set<string>();
    for (const c of parsed.data.connections) {
      if (ids.has(c.id)) return `two connections share the id "${c.id}"`;
      ids.add(c.id);
    }
    return null;
  }
  const issue = parsed.error.issues[0];
  const field = formatPath(issue.path);
  return `${field || 'content'}: ${issue.message}`;
}

/** Parses content that passed validateConnectionsDocument. */
export function parseConnectionsDocument(data: Record<string, unknown>): ConnectionsDocument {
  if (Object.keys(data).length === 0) return emptyConnectionsDocument();
  return connectionsDocumentSchema.parse(data);
}
