/** The draw's states as the issue names them (the reference design's), in document order. */
export const DRAW_STATES = [
  'Input Lottery Winners',
  'Random Select Winners',
  'Validate Winners',
  'Is Winner In Past Draw',
  'Send SNS and Record In Dynamodb',
  'Notify Winners',
  'Record Winner Queue',
  'Draw Failed',
] as const;
