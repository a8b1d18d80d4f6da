import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { OAuthClientResource } from '../oauth-clients.service.js';

/** A machine client of the client-credentials grant; its secret is never shown here. */
@ObjectType('OAuthClient')
export class OAuthClientModel implements OAuthClientResource {
  @Field(() => ID, { description: 'The client_id of the token endpoint' })
  clientId: string;

  @Field()
  name: string;

  @Field(() => [String])
  scopes: string[];

  @Field()
  createdAt: string;

  @Field(() => String, { nullable: true })
  secretRotatedAt: string | null;

  @Field(() => String, { nullable: true, description: 'When the client last obtained a token' })
  lastUsedAt: string | null;
}

/** The client with its secret, which only the create and rotate answers show. */
@ObjectType('CreatedOAuthClient')
export class CreatedOAuthClientModel extends OAuthClientModel {
  @Field({ description: 'cs_…: the client_secret of the token endpoint; it is not shown again' })
  clientSecret: string;
}
