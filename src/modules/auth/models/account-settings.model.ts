import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { KeywordReplies } from '../entities/account.entity.js';
import type { AccountSettingsResource } from '../account-settings.service.js';

/** The texts the account set; a null one is the gateway's default answer. */
@ObjectType('KeywordReplies')
export class KeywordRepliesModel implements KeywordReplies {
  @Field(() => String, { nullable: true, description: 'The answer to STOP (null: the default)' })
  stop?: string;

  @Field(() => String, { nullable: true, description: 'The answer to START (null: the default)' })
  start?: string;

  @Field(() => String, { nullable: true, description: 'The answer to HELP (null: the default)' })
  help?: string;
}

@ObjectType('AccountSettings')
export class AccountSettingsModel implements AccountSettingsResource {
  @Field({ description: 'The same recipient always hears from the same phone while it is healthy' })
  stickyRecipients: boolean;

  @Field(() => KeywordRepliesModel, {
    nullable: true,
    description:
      "REST's object as it is (three fixed keywords, not a map, so no list is needed); null until the account sets one of the texts (REST leaves the member out)",
  })
  keywordReplies?: KeywordReplies;

  @Field(() => [String], {
    description: 'ISO 3166 alpha-2 codes the account may send to; empty: every country',
  })
  allowedCountries: string[];

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'For countries with several time zones, the zone whose clock campaign quiet hours follow (country to IANA zone, such as {"US":"America/Chicago"}); null until the account chooses one',
  })
  timeZones?: Record<string, string>;
}
