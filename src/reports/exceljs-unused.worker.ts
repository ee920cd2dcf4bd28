/**
 * Stands in, on Workers, for the packages exceljs needs only to read workbooks, to write CSV or to
 * stream (unzipper, fast-csv, archiver, saxes): Glas only writes workbooks in memory there,
 * and leaving them out keeps the bundle within its 3 MiB gzipped (wrangler.toml `[alias]`).
 */
export {};
