/**
 * Sends one text frame to a connection: the server's socket, or API Gateway's PostToConnection.
 * `gone`: the connection no longer exists (or was dropped for being too slow) and will never
 * take a frame again, so the feed forgets it. Other failures are thrown.
 */
export interface LivePush {
  post(connectionId: string, frame: string): Promise<'sent' | 'gone'>;
}
