import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../domain/shared/event-patterns/compile-pattern';

/**
 * The examples of EventBridge's user guide (Creating event patterns; Matching null values and
 * empty strings; Arrays; Content filtering: prefix, suffix, anything-but, numeric, exists,
 * equals-ignore-case, wildcard, $or, complex) and of Event Ruler's README, each with the event
 * the page gives (or one built to its words), and a near miss the same pattern must reject.
 */
const matches = (pattern: unknown, event: unknown): boolean => {
  const compiled = compileEventPattern(pattern);
  if (!compiled.success) throw new Error(`pattern refused: ${compiled.error}`);
  return compiled.data(event);
};

const ec2Event = JSON.parse(
  readFileSync(
    new URL('../../fixtures/eventbridge/ec2-instance-state-change.json', import.meta.url),
    'utf8',
  ),
);

const autoscalingEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

const macieEvent = {
  version: '0',
  id: '3e355723-fca9-4de3-9fd7-154c289d6b59',
  'detail-type': 'Macie Alert',
  source: 'aws.macie',
  account: '123456789012',
  time: '2017-04-24T22:28:49Z',
  region: 'us-east-1',
  resources: [
    'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id',
    'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id',
  ],
  detail: {
    'notification-type': 'ALERT_CREATED',
    name: 'Scanning bucket policies',
    tags: ['Custom_Alert', 'Insider'],
    'risk-score': 80,
    trigger: { 'alert-type': 'basic', risk: 8 },
  },
};

/** Event Ruler's README event, the one its content-filtering examples are written against. */
const rulerEvent = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

const withDetail = (event: object, detail: object) => ({ ...event, detail });
const withField = (event: object, field: object) => ({ ...event, ...field });

describe('Creating event patterns', () => {
  const pattern = {
    source: ['aws.ec2'],
    'detail-type': ['EC2 Instance State-change Notification'],
    detail: { state: ['terminated'] },
  };

  it.each([
    ['the instance-termination event', ec2Event, true],
    ['a running instance', withDetail(ec2Event, { state: 'running' }), false],
    ['another source', withField(ec2Event, { source: 'aws.fargate' }), false],
    ['an event without detail.state', withDetail(ec2Event, {}), false],
    ['detail.state as an object', withDetail(ec2Event, { state: { name: 'terminated' } }), false],
  ])('matches %s: %s', (_name, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });

  it('matches any of the values in a pattern array', () => {
    expect(matches({ source: ['aws.ec2', 'aws.fargate'] }, ec2Event)).toBe(true);
    expect(matches({ source: ['aws.ec2', 'aws.fargate'] }, autoscalingEvent)).toBe(false);
  });

  it('matches strings character by character, without case folding', () => {
    expect(matches({ source: ['AWS.EC2'] }, ec2Event)).toBe(false);
    expect(matches({ source: ['aws.ec2 '] }, ec2Event)).toBe(false);
  });

  it('matches the Macie alert on a number and a nested number', () => {
    const macie = {
      source: ['aws.macie'],
      'detail-type': ['Macie Alert'],
      detail: { 'risk-score': [80], trigger: { risk: [8] } },
    };
    expect(matches(macie, macieEvent)).toBe(true);
    const lowRisk = withDetail(macieEvent, { ...macieEvent.detail, trigger: { risk: 7 } });
    expect(matches(macie, lowRisk)).toBe(false);
    // A JSON number is not the string of its digits.
    expect(matches({ detail: { 'risk-score': ['80'] } }, macieEvent)).toBe(false);
  });

  it('matches true, false and null as JSON literals, not strings', () => {
    const event = { detail: { on: true, off: false } };
    expect(matches({ detail: { on: [true] } }, event)).toBe(true);
    expect(matches({ detail: { on: ['true'] } }, event)).toBe(false);
    expect(matches({ detail: { off: [false] } }, event)).toBe(true);
    expect(matches({ detail: { off: [null] } }, event)).toBe(false);
  });
});

describe('Matching null values and empty strings', () => {
  it.each([
    [{ detail: { eventVersion: [''] } }, true],
    [{ detail: { responseElements: [null] } }, true],
    [
      {
        source: ['aws.autoscaling'],
        'detail-type': ['EC2 Instance Launch Successful'],
        detail: { responseElements: [null] },
      },
      true,
    ],
    // Null values and empty strings are not interchangeable.
    [{ detail: { eventVersion: [null] } }, false],
    [{ detail: { responseElements: [''] } }, false],
    // A missing field is neither.
    [{ detail: { missing: [null] } }, false],
    [{ detail: { missing: [''] } }, false],
  ])('%j on the Auto Scaling event: %s', (pattern, expected) => {
    expect(matches(pattern, autoscalingEvent)).toBe(expected);
  });
});

describe('Arrays in event patterns', () => {
  const pattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };

  it('matches when the event array and the pattern array intersect', () => {
    const event = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };
    expect(matches(pattern, event)).toBe(true);
  });

  it('does not match when they do not, nor an empty event array', () => {
    expect(matches(pattern, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/x'] })).toBe(
      false,
    );
    expect(matches(pattern, { resources: [] })).toBe(false);
  });

  it('matches the objects of an array one element at a time (Ruler rulesForJSONEvent)', () => {
    const event = {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe' },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones' }],
      ],
    };
    expect(matches({ employees: { firstName: ['Anna'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event)).toBe(false);
  });
});

describe('Content filtering: prefix and suffix', () => {
  it.each([
    [{ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T18:43:48Z' }, true],
    [{ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-03T18:43:48Z' }, false],
    [
      { source: ['aws.autoscaling'], region: [{ prefix: 'eu-' }] },
      { source: 'aws.autoscaling', region: 'eu-west-1' },
      true,
    ],
    [
      { source: ['aws.autoscaling'], region: [{ prefix: 'eu-' }] },
      { source: 'aws.autoscaling', region: 'us-east-1' },
      false,
    ],
    // Prefix matching only works on string-valued fields.
    [{ detail: { count: [{ prefix: '1' }] } }, { detail: { count: 12 } }, false],
    [
      { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      { detail: { service: 'eventbridge' } },
      true,
    ],
    [
      { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      { detail: { service: 'EVENTBRIDGE' } },
      true,
    ],
    [
      { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      { detail: { service: 'Lambda' } },
      false,
    ],
    [{ FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' }, true],
    [{ FileName: [{ suffix: '.png' }] }, { FileName: 'image.PNG' }, false],
    [{ source: [{ suffix: 'ec2' }] }, rulerEvent, true],
    [
      { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      { detail: { FileName: 'image.PNG' } },
      true,
    ],
    [
      { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      { detail: { FileName: 'image.jpg' } },
      false,
    ],
  ])('%j on %j: %s', (pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });
});

describe('Content filtering: anything-but', () => {
  it.each([
    [{ detail: { state: [{ 'anything-but': 'initializing' }] } }, { state: 'running' }, true],
    [{ detail: { state: [{ 'anything-but': 'initializing' }] } }, { state: 'initializing' }, false],
    [{ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, { 'x-limit': 124 }, true],
    [{ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, { 'x-limit': 123 }, false],
    [
      { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      { state: 'running' },
      true,
    ],
    [
      { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
      { state: 'overloaded' },
      false,
    ],
    [{ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, { 'x-limit': 301.8 }, true],
    [{ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, { 'x-limit': 200 }, false],
    [{ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, { state: 'running' }, true],
    [
      { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
      { state: 'initializing' },
      false,
    ],
    [
      { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } },
      { FileName: 'a.jpg' },
      true,
    ],
    [
      { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } },
      { FileName: 'a.png' },
      false,
    ],
    [
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      { state: 'running' },
      true,
    ],
    [
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
      { state: 'INITIALIZING' },
      false,
    ],
    [
      {
        detail: {
          state: [{ 'anything-but': { 'equals-ignore-case': ['stopped', 'overloaded'] } }],
        },
      },
      { state: 'Stopped' },
      false,
    ],
    [
      { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
      { FilePath: '/usr/bin/x' },
      true,
    ],
    [
      { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
      { FilePath: '/usr/lib/x' },
      false,
    ],
    [
      { detail: { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] } },
      { FilePath: '/usr/bin/x' },
      false,
    ],
    // anything-but never matches a missing field.
    [{ detail: { state: [{ 'anything-but': 'initializing' }] } }, {}, false],
  ])('%j on detail %j: %s', (pattern, detail, expected) => {
    expect(matches(pattern, { detail })).toBe(expected);
  });

  it('excludes CloudTrail API calls, and AWS sources by prefix', () => {
    const notCloudTrail = { 'detail-type': [{ 'anything-but': 'AWS API Call via CloudTrail' }] };
    expect(matches(notCloudTrail, ec2Event)).toBe(true);
    expect(
      matches(notCloudTrail, withField(ec2Event, { 'detail-type': 'AWS API Call via CloudTrail' })),
    ).toBe(false);
    const notEc2OrS3 = { source: [{ 'anything-but': ['aws.ec2', 'aws.s3'] }] };
    expect(matches(notEc2OrS3, autoscalingEvent)).toBe(true);
    expect(matches(notEc2OrS3, ec2Event)).toBe(false);
    const ownEvents = { source: [{ 'anything-but': { prefix: 'aws.' } }] };
    expect(matches(ownEvents, withField(ec2Event, { source: 'one-core' }))).toBe(true);
    expect(matches(ownEvents, ec2Event)).toBe(false);
  });
});

describe('Content filtering: numeric', () => {
  const pattern = {
    detail: {
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ numeric: ['=', 3.018e2] }],
    },
  };

  it.each([
    ['all three hold', rulerEvent.detail, true],
    ['c-count is above 5', { ...rulerEvent.detail, 'c-count': 6 }, false],
    ['c-count is 0 (the bottom is open)', { ...rulerEvent.detail, 'c-count': 0 }, false],
    ['d-count is 10 (the top is open)', { ...rulerEvent.detail, 'd-count': 10 }, false],
    ['x-limit is 301.9', { ...rulerEvent.detail, 'x-limit': 301.9 }, false],
    ['c-count is the string "5"', { ...rulerEvent.detail, 'c-count': '5' }, false],
  ])('%s: %s', (_name, detail, expected) => {
    expect(matches(pattern, { detail })).toBe(expected);
  });

  it('compares to six digits after the decimal point, as EventBridge documents', () => {
    expect(matches({ n: [{ numeric: ['=', 0.1] }] }, { n: 0.1000001 })).toBe(true);
    expect(matches({ n: [{ numeric: ['=', 0.1] }] }, { n: 0.100001 })).toBe(false);
    expect(matches({ n: [0.1] }, { n: 0.1000001 })).toBe(true);
    expect(matches({ n: [{ 'anything-but': [0.1] }] }, { n: 0.1000001 })).toBe(false);
  });

  it('ignores event numbers outside ±5.0e9, where EventBridge does not compare', () => {
    expect(matches({ n: [{ numeric: ['>', 0] }] }, { n: 5e9 })).toBe(true);
    expect(matches({ n: [{ numeric: ['>', 0] }] }, { n: 5.000001e9 })).toBe(false);
  });
});

describe('Content filtering: exists', () => {
  const absent = { detail: { 'c-count': [{ exists: false }] } };

  it('matches an event without detail.c-count', () => {
    expect(
      matches(absent, { 'detail-type': 'x', detail: { state: ['initializing', 'running'] } }),
    ).toBe(true);
  });

  it('matches when c-count is not a leaf node (exists only works on leaves)', () => {
    expect(matches(absent, { detail: { state: 'x', 'c-count': { c1: 100 } } })).toBe(true);
    expect(
      matches(
        { detail: { 'c-count': [{ exists: true }] } },
        { detail: { 'c-count': { c1: 100 } } },
      ),
    ).toBe(false);
  });

  it('does not match when c-count has a value, null included', () => {
    expect(matches(absent, rulerEvent)).toBe(false);
    expect(matches(absent, { detail: { 'c-count': null } })).toBe(false);
  });

  it('selects every event with a description', () => {
    const present = { detail: { description: [{ exists: true }] } };
    expect(matches(present, { detail: { description: 'full text' } })).toBe(true);
    expect(matches(present, { detail: { description: '' } })).toBe(true);
    expect(matches(present, { detail: {} })).toBe(false);
    expect(matches(present, {})).toBe(false);
  });
});

describe('Content filtering: equals-ignore-case and wildcard', () => {
  it.each([
    [
      { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
      ec2Event,
      true,
    ],
    [{ 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change' }] }, ec2Event, false],
    [{ source: [{ 'equals-ignore-case': 'EC2' }] }, { source: 'ec2' }, true],
    [{ source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleQueueService' }, true],
    [{ source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleService' }, true],
    [{ source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleQueueServices' }, false],
    [
      { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus' },
      true,
    ],
    [
      { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      { EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/myEventBus' },
      false,
    ],
    [{ key: [{ wildcard: 'a\\*b' }] }, { key: 'a*b' }, true],
    [{ key: [{ wildcard: 'a\\*b' }] }, { key: 'axb' }, false],
    [{ key: [{ wildcard: 'a.b' }] }, { key: 'axb' }, false],
  ])('%j on %j: %s', (pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });
});

describe('$or', () => {
  it('matches source and either metricName or namespace', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { namespace: ['AWS/EC2', 'AWS/ES'] },
      ],
    };
    expect(matches(pattern, { source: 'aws.cloudwatch', metricName: 'ReadLatency' })).toBe(true);
    expect(matches(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
    expect(matches(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/S3' })).toBe(false);
    expect(matches(pattern, { source: 'aws.ec2', metricName: 'ReadLatency' })).toBe(false);
  });

  it('matches any of three numeric conditions inside detail', () => {
    const pattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };
    expect(matches(pattern, { detail: { 'x-limit': 301.8 } })).toBe(true);
    expect(matches(pattern, { detail: { 'c-count': 9, 'd-count': 12, 'x-limit': 1 } })).toBe(false);
  });

  it('nests an and inside an or, and an or inside that', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        {
          metricType: ['MetricType'],
          namespace: ['AWS/EC2', 'AWS/ES'],
          $or: [{ metricId: [1234] }, { spaceId: [1000] }],
        },
        { scope: ['Service'] },
      ],
    };
    const base = { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' };
    expect(matches(pattern, { ...base, spaceId: 1000 })).toBe(true);
    expect(matches(pattern, { ...base, spaceId: 1001 })).toBe(false);
    expect(matches(pattern, { source: 'aws.cloudwatch', scope: 'Service' })).toBe(true);
  });
});

describe('A complex example with multiple matching', () => {
  const pattern = {
    time: [{ prefix: '2017-10-02' }],
    detail: {
      state: [{ 'anything-but': 'initializing' }],
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ 'anything-but': [100, 200, 300] }],
    },
  };

  it('matches the Ruler event and rejects it once any one condition fails', () => {
    expect(matches(pattern, rulerEvent)).toBe(true);
    expect(
      matches(pattern, withDetail(rulerEvent, { ...rulerEvent.detail, state: 'initializing' })),
    ).toBe(false);
    expect(matches(pattern, withDetail(rulerEvent, { ...rulerEvent.detail, 'x-limit': 300 }))).toBe(
      false,
    );
    expect(matches(pattern, withField(rulerEvent, { time: '2017-10-03T00:00:00Z' }))).toBe(false);
  });
});
