/**
 * Tables of coordinated-behaviour detection (migration 0003-detect), as Kysely sees them.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** bigint columns come back as strings from PostgreSQL and numbers from PGlite. */
type BigIntColumn = ColumnType<string | number, number, number>;

export interface DetectDatasetsTable {
  id: Generated<string>;
  organisationId: string;
  name: string;
  format: string;
  fileType: string;
  compressed: boolean;
  columns: JSONColumnType<string[]>;
  mapping: JSONColumnType<Record<string, string>>;
  sizeBytes: BigIntColumn;
  sha256: string;
  /** Relative to the files directory. */
  storagePath: string;
  uploadedBy: string | null;
  createdAt: CreatedAt;
}

export interface DetectRunsTable {
  id: Generated<string>;
  organisationId: string;
  datasetId: string;
  jobId: string | null;
  parameters: JSONColumnType<object>;
  summary: JSONColumnType<object> | null;
  createdBy: string | null;
  createdAt: CreatedAt;
  finishedAt: Timestamp | null;
}

export interface DetectCommunitiesTable {
  runId: string;
  community: number;
  size: number;
  edges: number;
  behaviours: JSONColumnType<string[]>;
  accountsPreview: JSONColumnType<string[]>;
}
