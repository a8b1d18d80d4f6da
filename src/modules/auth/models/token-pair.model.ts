import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { TokenPair } from '../auth.service.js';

/** What sign-in, refresh and accepting an invitation answer, as the REST routes do. */
@ObjectType('TokenPair')
export class TokenPairModel implements TokenPair {
  @Field({ description: 'A JWT: send it as `Authorization: Bearer <accessToken>`' })
  accessToken: string;

  @Field(() => String, { description: 'Always Bearer' })
  tokenType: 'Bearer';

  @Field(() => Int, { description: 'Seconds until the access token expires' })
  expiresIn: number;

  @Field({ description: 'rt_…: works once, in refreshToken, for a new pair' })
  refreshToken: string;

  @Field(() => Int, { description: 'Seconds until the refresh token expires' })
  refreshExpiresIn: number;
}

/** The new account and its owner, signed in. */
@ObjectType('SignUpPayload')
export class SignUpPayloadModel extends TokenPairModel {
  @Field(() => ID)
  accountId: string;

  @Field(() => ID)
  userId: string;
}
