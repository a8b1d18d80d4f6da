import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { UserRole } from '../entities/user.entity.js';
import type { UserResource } from '../users.service.js';

@ObjectType('User')
export class UserModel implements UserResource {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field(() => String, { description: 'owner, admin, developer or viewer' })
  role: UserRole;

  @Field(() => String, { description: 'invited until the person accepts the invitation, then active' })
  status: 'active' | 'invited';

  @Field()
  createdAt: string;
}

@ObjectType('Invitation')
export class InvitationModel {
  @Field({ description: 'inv_…: the invited person sends it to acceptInvite; it is not shown again' })
  token: string;

  @Field()
  expiresAt: string;
}

/** The invited user and the one-time invitation token (the REST `POST /v1/users` answer). */
@ObjectType('UserInvitation')
export class UserInvitationModel {
  @Field(() => UserModel)
  user: UserModel;

  @Field(() => InvitationModel)
  invitation: InvitationModel;
}
