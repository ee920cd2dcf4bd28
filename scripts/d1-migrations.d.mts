/** One flat file as it should be; `content` is null for a file whose Prisma migration is gone. */
export type D1Migration = { file: string; content: string | null };
export function expectedD1Migrations(root?: string): D1Migration[];
export function d1MigrationDrift(root?: string): string[];
