import type { EXPORT_VERSION } from '@wbn/contracts/account';
import { strToU8, zipSync } from 'fflate';

export type ExportRow = Record<string, unknown>;

/** The export document (versioned; the README's "Your data" section describes it). */
export interface ExportDocument {
  export_version: typeof EXPORT_VERSION;
  generated_at: string;
  user_id: string;
  /** The consent to journal insights, as the person set it. */
  insights_consent: { journal_insights_opt_in: boolean };
  /** Journal entries whose content could not be decrypted (listed by id, content omitted). */
  unreadable_journal_entries: string[];
  sections: Record<string, ExportRow | ExportRow[] | null>;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  // Spreadsheet programs run cells starting with these as formulas; a leading quote keeps them text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: string[], rows: ExportRow[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The JSON document alone, and a ZIP holding it plus one CSV per section (columns in a fixed order). */
export function buildExportFiles(
  document: ExportDocument,
  columnsOf: (section: string) => string[],
): { json: Buffer; zip: Buffer } {
  const json = Buffer.from(JSON.stringify(document, null, 2));
  const files: Record<string, Uint8Array> = { 'export.json': json };
  for (const [name, value] of Object.entries(document.sections)) {
    const rows = value === null ? [] : Array.isArray(value) ? value : [value];
    files[`csv/${name}.csv`] = strToU8(toCsv(columnsOf(name), rows));
  }
  const zip = zipSync(files, { level: 6 });
  return { json, zip: Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength) };
}
