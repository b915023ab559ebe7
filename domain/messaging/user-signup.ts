import { type User, UserNotFoundError } from '../users';
import { createIfAbsent, updateDocument } from './documents';
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
 * A new user: default preferences (unless they already set theirs), the signup counted once
 * for its day, and a welcome to their address. Each step is safe to repeat.
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
    const day = signupDay(user);
    if (await createIfAbsent(ports.docs, COLLECTIONS.signup, userId, { day })) {
      await updateDocument<{ day: string; count: number }>(
        ports.docs,
        COLLECTIONS.signupCount,
        day,
        (counted) => ({ day, count: (counted?.count ?? 0) + 1 }),
      );
    }
    await ports.notifier.notify({
      subject: `Welcome, ${user.name}`,
      message: `Hello ${user.name}, your account is ready. You can change what we send you at /users/${user.id}/preferences.`,
      attributes: { type: 'user_signup', to: user.email, userId: user.id },
    });
  };
