import { createIfAbsent, updateRecord } from '../shared/versioned-records';
import { type User, UserNotFoundError } from '../users';
import { type MessageOf, permanentIfMissing } from './job-messages';
import type { MessagingPorts } from './messaging-ports';
import { COLLECTIONS, type Preferences } from './records';

export const defaultPreferences = (userId: string, at: string): Preferences => ({
  userId,
  channels: { email: true, sms: false },
  newsletter: false,
  language: 'en',
  updatedAt: at,
  version: 1,
});

export const userOrReject = (ports: Pick<MessagingPorts, 'users'>, userId: string) =>
  permanentIfMissing(ports.users.get(userId), UserNotFoundError);

/** The day a user signed up, as the daily report counts it (UTC). */
export const signupDay = (user: Pick<User, 'createdAt'>) => user.createdAt.slice(0, 10);

/**
 * A day's signups are sets of user ids spread over this many documents: adding a user is one
 * conditional write (so a redelivered job cannot count twice, nor a crash lose a count), and
 * each document stays small (about 400 ids at 100,000 signups a day) on every store.
 */
export const SIGNUP_SHARDS = 256;

/** FNV-1a: a stable, even spread of ids over the shards. */
const shardOf = (userId: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i += 1) {
    hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash % SIGNUP_SHARDS;
};

export const signupShardId = (day: string, shard: number) => `${day}#${shard}`;

export interface SignupShard {
  userIds: string[];
}

/** Adds the user to their day's set: a no-op when they are in it already. */
export const countSignup = (ports: Pick<MessagingPorts, 'docs'>, day: string, userId: string) =>
  updateRecord<SignupShard>(
    ports.docs,
    COLLECTIONS.signups,
    signupShardId(day, shardOf(userId)),
    (before) =>
      before?.userIds.includes(userId) ? before : { userIds: [...(before?.userIds ?? []), userId] },
  );

/**
 * A new user: default preferences (unless they already set theirs), the signup counted once
 * for its day, and a welcome to their address. Each step is safe to repeat; the welcome is
 * sent again only if a crash comes between it and the job's idempotency mark.
 */
export const handleUserSignup =
  (ports: MessagingPorts) =>
  async ({ userId }: MessageOf<'user_signup'>): Promise<void> => {
    const user = await userOrReject(ports, userId);
    const now = ports.clock.now().toISOString();
    await createIfAbsent(
      ports.docs,
      COLLECTIONS.preferences,
      userId,
      defaultPreferences(userId, now),
    );
    await countSignup(ports, signupDay(user), userId);
    await ports.notifier.notify({
      subject: `Welcome, ${user.name}`,
      message: `Hello ${user.name}, your account is ready. You can change what we send you at /users/${user.id}/preferences.`,
      attributes: { type: 'user_signup', to: user.email, userId: user.id },
    });
  };
