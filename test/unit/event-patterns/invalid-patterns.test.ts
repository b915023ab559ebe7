import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../domain/shared/event-patterns/compile-pattern';

/** Patterns EventBridge refuses (PutRule's InvalidEventPatternException), with Event Ruler's reason. */
describe('compileEventPattern refuses invalid patterns with a reason', () => {
  it.each([
    ['a pattern that is not an object', ['aws.ec2'], 'Filter is not an object'],
    ['an empty pattern', {}, 'Empty objects are not allowed'],
    [
      'a leaf that is not an array',
      { source: 'aws.ec2' },
      'source: "source" must be an object or an array',
    ],
    [
      'an empty value array',
      { detail: { state: [] } },
      'detail.state: Empty arrays are not allowed',
    ],
    ['an empty nested object', { detail: {} }, 'detail: Empty objects are not allowed'],
    [
      'an array inside a value array',
      { source: [['aws.ec2']] },
      'source: Match value must be String, number, true, false, or null',
    ],
    [
      'an operator named like an Object.prototype member',
      { source: [{ constructor: 'x' }] },
      'source: Unrecognized match type constructor',
    ],
    [
      'an anything-but modifier named like an Object.prototype member',
      { source: [{ 'anything-but': { toString: 'x' } }] },
      'source: Unsupported anything-but pattern: toString',
    ],
    [
      'an unknown operator',
      { source: [{ contains: 'ec2' }] },
      'source: Unrecognized match type contains',
    ],
    [
      'two operators in one expression',
      { source: [{ prefix: 'a', suffix: 'b' }] },
      'source: Only one key allowed in match expression',
    ],
    ['an empty match expression', { source: [{}] }, 'source: Match expression name not found'],
    [
      'a prefix that is not a string',
      { source: [{ prefix: 1 }] },
      'source: prefix match pattern must be a string',
    ],
    [
      'a prefix modifier other than equals-ignore-case',
      { source: [{ prefix: { suffix: 'a' } }] },
      'source: Unsupported prefix pattern: suffix',
    ],
    [
      'a suffix that is not a string',
      { source: [{ suffix: null }] },
      'source: suffix match pattern must be a string',
    ],
    [
      'equals-ignore-case of a number',
      { source: [{ 'equals-ignore-case': 5 }] },
      'source: equals-ignore-case match pattern must be a string',
    ],
    [
      'two wildcards in a row',
      { source: [{ wildcard: 'a**b' }] },
      'source: Consecutive wildcard characters at pos 2',
    ],
    [
      'a backslash before a letter',
      { source: [{ wildcard: 'a\\b' }] },
      'source: Invalid escape character at pos 2',
    ],
    [
      'exists that is not a boolean',
      { a: [{ exists: 'true' }] },
      'a: exists match pattern must be either true or false.',
    ],
    [
      'numeric that is not an array',
      { a: [{ numeric: '>' }] },
      'a: Value of numeric must be an array.',
    ],
    [
      'an unknown numeric operator',
      { a: [{ numeric: ['!=', 1] }] },
      'a: Unrecognized numeric range operator: !=',
    ],
    [
      'a numeric bound that is a string',
      { a: [{ numeric: ['>', '1'] }] },
      'a: Value of > must be numeric',
    ],
    [
      '"=" with a second term',
      { a: [{ numeric: ['=', 1, '<', 2] }] },
      'a: Too many elements in numeric expression',
    ],
    [
      'an upper bound before a lower one',
      { a: [{ numeric: ['<', 5, '>', 1] }] },
      'a: Too many elements in numeric expression',
    ],
    [
      'a lower bound followed by another lower bound',
      { a: [{ numeric: ['>', 1, '>=', 2] }] },
      'a: Bad numeric range operator: ">="',
    ],
    [
      'an empty range',
      { a: [{ numeric: ['>', 5, '<', 5] }] },
      'a: Bottom must be less than top (5 >= 5)',
    ],
    [
      'a bound past 5.0e9',
      { a: [{ numeric: ['>', 6e9] }] },
      'a: Value must be between -5.0E9 and 5.0E9, inclusive (got 6000000000)',
    ],
    [
      'anything-but of mixed types',
      { a: [{ 'anything-but': ['a', 1] }] },
      'a: Inside anything but list, either all values are number or string, mixed type is not supported',
    ],
    [
      'anything-but of null',
      { a: [{ 'anything-but': null }] },
      'a: Value of anything-but must be an array or single string/number value.',
    ],
    [
      'anything-but of an empty list',
      { a: [{ 'anything-but': [] }] },
      'a: Inside anything but list, either all values are number or string, mixed type is not supported',
    ],
    [
      'anything-but of an empty prefix',
      { a: [{ 'anything-but': { prefix: '' } }] },
      'a: Null prefix/suffix not allowed',
    ],
    [
      'anything-but of an unknown modifier',
      { a: [{ 'anything-but': { numeric: ['>', 1] } }] },
      'a: Unsupported anything-but pattern: numeric',
    ],
    [
      'anything-but suffix of a number',
      { a: [{ 'anything-but': { suffix: 1 } }] },
      'a: prefix/suffix match pattern must be a string',
    ],
    [
      'anything-but equals-ignore-case of a number',
      { a: [{ 'anything-but': { 'equals-ignore-case': [1] } }] },
      'a: Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
    ],
    [
      'anything-but wildcard of null',
      { a: [{ 'anything-but': { wildcard: null } }] },
      'a: wildcard match pattern must be a string',
    ],
    [
      'anything-but wildcard with two wildcards in a row',
      { a: [{ 'anything-but': { wildcard: ['ok*', '**'] } }] },
      'a: Consecutive wildcard characters at pos 1',
    ],
    [
      '$or that is not an array',
      { $or: { a: ['x'] } },
      '$or: It must be an Array followed with $or.',
    ],
    [
      '$or with one branch',
      { $or: [{ a: ['x'] }] },
      '$or: There must have at least 2 Objects in $or relationship.',
    ],
    [
      '$or with a value that is not an object',
      { $or: [{ a: ['x'] }, ['b']] },
      '$or: Only JSON object is allowed in array of $or relationship.',
    ],
    [
      '$or branches naming an operator',
      { $or: [{ numeric: [123] }, { prefix: ['abc'] }] },
      '$or.0.numeric: numeric is Ruler reserved fieldName which cannot be used inside $or.',
    ],
    [
      'a bad value deep inside $or',
      { detail: { $or: [{ a: ['x'] }, { b: [] }] } },
      'detail.$or.1.b: Empty arrays are not allowed',
    ],
  ])('refuses %s', (_name, pattern, reason) => {
    expect(compileEventPattern(pattern)).toEqual({ success: false, error: reason });
  });
});

describe('what this evaluator does not support', () => {
  it('refuses cidr (IP address) matching by name, rather than misreading it', () => {
    expect(compileEventPattern({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } })).toEqual({
      success: false,
      error: 'detail.source-ip: cidr (IP address) matching is not supported by this evaluator',
    });
  });
});
