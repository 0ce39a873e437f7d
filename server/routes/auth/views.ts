import { Type } from '@sinclair/typebox';

/** The signed-in user as the auth routes answer it. */
export const UserView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  locale: Type.String(),
});
