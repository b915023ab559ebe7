import type { CsvReader } from '../../ports/csv-reader.port';
import { issuesFromZod } from '../shared/validation';
import { type Employee, employeeSchema } from './employee';
import { jsonElementLines } from './json-element-lines';
import { ImportInvalidError } from './lottery-errors';

/** How many rejected rows an import lists; the rest are only counted. */
export const MAX_LISTED_REJECTIONS = 100;

export interface RejectedEmployee {
  line: number;
  reason: string;
}

export interface EmployeeImport {
  /** Valid rows, one per id: a later row for an id replaces an earlier one. */
  employees: Employee[];
  rowsRead: number;
  rowsRejected: number;
  /** The first MAX_LISTED_REJECTIONS, in file order. */
  rejected: RejectedEmployee[];
}

export const CSV_COLUMNS = ['employee_id', 'employee_name', 'email'] as const;

/** Fields a JSON row may carry, by the names the reference design and this API use. */
const JSON_FIELDS: Record<string, 'id' | 'name' | 'email' | 'ignored'> = {
  employee_id: 'id',
  id: 'id',
  employee_name: 'name',
  name: 'name',
  email: 'email',
  // The reference design's serial number, used by its draw to pick at random: ours needs none.
  lottery_serial: 'ignored',
};

class Tally {
  readonly byId = new Map<string, Employee>();
  rowsRead = 0;
  rowsRejected = 0;
  readonly rejected: RejectedEmployee[] = [];

  take(line: number, row: Employee | string): void {
    this.rowsRead += 1;
    if (typeof row === 'string') {
      this.rowsRejected += 1;
      if (this.rejected.length < MAX_LISTED_REJECTIONS) this.rejected.push({ line, reason: row });
      return;
    }
    this.byId.delete(row.id); // re-inserted last: the file's last row for an id wins
    this.byId.set(row.id, row);
  }

  result(): EmployeeImport {
    return {
      employees: [...this.byId.values()],
      rowsRead: this.rowsRead,
      rowsRejected: this.rowsRejected,
      rejected: this.rejected,
    };
  }
}

/** A field as the files name it. */
const FIELD_NAMES: Record<string, string> = { id: 'employee_id', name: 'employee_name' };

const validate = (fields: { id?: unknown; name?: unknown; email?: unknown }): Employee | string => {
  const candidate = {
    id: typeof fields.id === 'number' ? String(fields.id) : fields.id,
    name: fields.name,
    ...(fields.email === undefined || fields.email === '' ? {} : { email: fields.email }),
  };
  const parsed = employeeSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  return issuesFromZod(parsed.error)
    .map((issue) => `${FIELD_NAMES[issue.path] ?? issue.path}: ${issue.message}`)
    .join('; ');
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One element of a JSON array of employees. */
export const employeeFromJson = (value: unknown): Employee | string => {
  if (!isRecord(value)) return 'expected an object with employee_id and employee_name';
  const fields: { id?: unknown; name?: unknown; email?: unknown } = {};
  for (const [key, field] of Object.entries(value)) {
    const target = JSON_FIELDS[key];
    if (!target) return `unknown field "${key}" (expected employee_id, employee_name, email)`;
    if (target !== 'ignored') fields[target] = field;
  }
  return validate(fields);
};

/** A DynamoDB attribute value as the batch-write file types it: {"S": "..."} or {"N": "..."}. */
const attributeText = (value: unknown): unknown => {
  if (!isRecord(value)) return value;
  if (typeof value.S === 'string') return value.S;
  if (typeof value.N === 'string') return value.N;
  return value;
};

/** One write request of a `aws dynamodb batch-write-item --request-items` document. */
export const employeeFromWriteRequest = (value: unknown): Employee | string => {
  const item = isRecord(value) && isRecord(value.PutRequest) ? value.PutRequest.Item : undefined;
  if (!isRecord(item)) return 'expected {"PutRequest": {"Item": {...}}}';
  const plain: Record<string, unknown> = {};
  for (const [key, attribute] of Object.entries(item)) {
    const text = attributeText(attribute);
    if (isRecord(text)) return `${key}: expected a string (S) or number (N) attribute value`;
    plain[key] = text;
  }
  return employeeFromJson(plain);
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImportInvalidError(`The body is not valid JSON: ${(error as Error).message}`);
  }
};

/** A JSON array of employees, or the reference design's request-items document, as is. */
export const readJsonEmployees = (text: string): EmployeeImport => {
  const document = parseJson(text);
  const tally = new Tally();
  if (Array.isArray(document)) {
    const lines = jsonElementLines(text, 1);
    for (const [index, value] of document.entries()) {
      tally.take(lines[index] ?? 0, employeeFromJson(value));
    }
    return tally.result();
  }
  const tables = isRecord(document) ? Object.values(document) : [];
  if (tables.length === 0 || !tables.every(Array.isArray)) {
    throw new ImportInvalidError(
      'Expected a JSON array of employees, or a request-items document ({"<table>": [{"PutRequest": {"Item": ...}}]}).',
    );
  }
  const lines = jsonElementLines(text, 2);
  let index = 0;
  for (const requests of tables as unknown[][]) {
    for (const request of requests) {
      tally.take(lines[index] ?? 0, employeeFromWriteRequest(request));
      index += 1;
    }
  }
  return tally.result();
};

const isHeader = (fields: readonly string[]) =>
  (fields.length === 2 || fields.length === 3) &&
  fields.every((field, index) => field.trim().toLowerCase() === CSV_COLUMNS[index]);

/** A CSV `employee_id,employee_name[,email]` with that header, read as a stream. */
export const readCsvEmployees = async (
  body: AsyncIterable<Uint8Array>,
  csv: CsvReader,
): Promise<EmployeeImport> => {
  const tally = new Tally();
  let columns = 0;
  for await (const record of csv.records(body)) {
    if (columns === 0) {
      if ('error' in record || !isHeader(record.fields)) {
        throw new ImportInvalidError(
          'The first line must be the header employee_id,employee_name or employee_id,employee_name,email.',
        );
      }
      columns = record.fields.length;
      continue;
    }
    if ('error' in record) {
      tally.take(record.line, record.error);
      continue;
    }
    const { fields } = record;
    if (fields.length < 2 || fields.length > columns) {
      tally.take(
        record.line,
        `expected ${columns} columns (${CSV_COLUMNS.slice(0, columns).join(',')}), found ${fields.length}`,
      );
      continue;
    }
    tally.take(record.line, validate({ id: fields[0], name: fields[1], email: fields[2] }));
  }
  if (columns === 0) throw new ImportInvalidError('The file is empty; expected a header line.');
  return tally.result();
};

const JSON_TYPES = new Set(['application/json']);

/** The body of POST /lottery/employees, by its media type. */
export const readEmployees = async (
  file: { bytes: Uint8Array; contentType: string },
  csv: CsvReader,
): Promise<EmployeeImport> => {
  if (JSON_TYPES.has(file.contentType)) {
    return readJsonEmployees(Buffer.from(file.bytes).toString('utf8'));
  }
  return readCsvEmployees(
    (async function* () {
      yield file.bytes;
    })(),
    csv,
  );
};
