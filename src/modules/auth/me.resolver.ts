import { Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { AccountRef } from './scopes.js';

@ObjectType('AccountInfo')
class AccountInfoModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;
}

@ObjectType('UserInfo')
class UserInfoModel {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  role: string;
}

@ObjectType('Me')
class MeModel {
  @Field()
  kind: string;

  @Field(() => ID)
  subjectId: string;

  @Field(() => [String])
  scopes: string[];

  @Field(() => AccountInfoModel)
  account: AccountInfoModel;

  @Field(() => UserInfoModel, { nullable: true })
  user: UserInfoModel | null;
}

@Resolver(() => MeModel)
export class MeResolver {
  constructor(private readonly auth: AuthService) {}

  @Query(() => MeModel)
  @RequireScopes()
  me(@Account() account: AccountRef) {
    return this.auth.me(account);
  }
}
