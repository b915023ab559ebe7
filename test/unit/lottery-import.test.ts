import { describe, expect, it } from 'vitest';
import { CsvParseReader } from '../../adapters/csv/csv-reader.csv-parse';
import { readEmployees } from '../../domain/lottery/employee-import';

const csv = new CsvParseReader();
const read = (text: string, contentType: string) =>
  readEmployees({ bytes: Buffer.from(text, 'utf8'), contentType }, csv);

/** The reference design's file for `aws dynamodb batch-write-item --request-items`, as is. */
const REQUEST_ITEMS = `{
  "Lottery-Employee": [
    {
      "PutRequest": {
        "Item": {
          "employee_id": { "S": "1" },
          "employee_name": { "S": "Amit" },
          "lottery_serial": { "N": "1" }
        }
      }
    },
    {
      "PutRequest": {
        "Item": {
          "employee_id": { "N": "2" },
          "employee_name": { "S": "Bea" },
          "lottery_serial": { "N": "2" }
        }
      }
    },
    {
      "PutRequest": {
        "Item": { "employee_id": { "S": "3" }, "employee_name": { "BOOL": true } }
      }
    },
    { "DeleteRequest": { "Key": { "employee_id": { "S": "4" } } } }
  ]
}`;

describe('employee import', () => {
  it('reads the reference request-items.json as is, with typed attribute values', async () => {
    const result = await read(REQUEST_ITEMS, 'application/json');
    expect(result.employees).toEqual([
      { id: '1', name: 'Amit' },
      { id: '2', name: 'Bea' },
    ]);
    expect(result.rowsRead).toBe(4);
    expect(result.rejected).toEqual([
      { line: 21, reason: 'employee_name: expected a string (S) or number (N) attribute value' },
      { line: 26, reason: 'expected {"PutRequest": {"Item": {...}}}' },
    ]);
  });

  it('reads a JSON array, reporting each bad element with the line it starts on', async () => {
    const text = `[
  {"employee_id": "a1", "employee_name": "Ada", "email": "ada@example.com"},
  {"employee_id": 7, "employee_name": "Seven"},
  {"employee_id": "", "employee_name": "No Id"},
  {"employee_id": "x", "employee_name": "Bad Mail", "email": "nope"},
  {"employee_id": "y", "name_of": "typo"},
  "not an object",
  {"id": "a1", "name": "Ada Again"}
]`;
    const result = await read(text, 'application/json');
    expect(result.employees).toEqual([
      { id: '7', name: 'Seven' },
      { id: 'a1', name: 'Ada Again' },
    ]);
    expect(result.rejected.map((r) => r.line)).toEqual([4, 5, 6, 7]);
    expect(result.rejected[0]?.reason).toMatch(/^employee_id: /);
    expect(result.rejected[1]?.reason).toMatch(/^email: /);
    expect(result.rejected[2]?.reason).toBe(
      'unknown field "name_of" (expected employee_id, employee_name, email)',
    );
    expect(result).toMatchObject({ rowsRead: 7, rowsRejected: 4 });
  });

  it('reads a CSV employee_id,employee_name[,email] with its header in any case', async () => {
    const text =
      '\uFEFFEmployee_ID, employee_name ,email\r\n1,Ada Lovelace,ada@example.com\r\n2,"Hopper, Grace"\r\n3\r\n,Nameless\r\n4,Bad,not-an-email\r\n5,Five,,extra\r\n';
    const result = await read(text, 'text/csv');
    expect(result.employees).toEqual([
      { id: '1', name: 'Ada Lovelace', email: 'ada@example.com' },
      { id: '2', name: 'Hopper, Grace' },
    ]);
    expect(result.rejected).toEqual([
      { line: 4, reason: 'expected 3 columns (employee_id,employee_name,email), found 1' },
      { line: 5, reason: expect.stringMatching(/^employee_id: /) },
      { line: 6, reason: expect.stringMatching(/^email: /) },
      { line: 7, reason: 'expected 3 columns (employee_id,employee_name,email), found 4' },
    ]);
  });

  it.each([
    ['a CSV without its header', 'text/csv', '1,Ada\n', /first line must be the header/],
    ['an empty CSV', 'text/csv', '', /empty/],
    ['malformed JSON', 'application/json', '[{', /not valid JSON/],
    ['a JSON object that is no request-items', 'application/json', '{"a": 1}', /request-items/],
  ])('refuses %s as a whole: LOTTERY.IMPORT_INVALID', async (_, type, text, message) => {
    await expect(read(text, type)).rejects.toMatchObject({
      code: 'LOTTERY.IMPORT_INVALID',
      message,
    });
  });
});
