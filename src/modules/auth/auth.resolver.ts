import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Account, Public, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto, LoginDto, RefreshTokenDto, SignOutInput, SignupDto } from './dto/login.dto.js';
import { AcceptInviteDto } from './dto/users.dto.js';
import { SignUpPayloadModel, TokenPairModel } from './models/token-pair.model.js';
import type { AccountRef } from './scopes.js';

/** GraphQL shell over AuthService: the `/v1/auth/*` routes, with the same throttles and audit trail. */
@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => TokenPairModel, {
    description: 'Signs in with email and password; 10 failures for one email lock it (RATE_LIMITED) for 15 minutes',
  })
  @Public()
  signIn(@Args('input', { type: () => LoginDto }) input: LoginDto, @AuditContext() context: RequestContext) {
    return this.auth.login(input.email, input.password, context);
  }

  @Mutation(() => TokenPairModel, {
    description: 'A refresh token for new tokens; each works once, and a reused one ends its whole session',
  })
  @Public()
  refreshToken(@Args('input', { type: () => RefreshTokenDto }) input: RefreshTokenDto) {
    return this.auth.refresh(input.refreshToken);
  }

  @Mutation(() => Boolean, {
    description: 'Ends the session of this refresh token; access tokens already issued run out on their own',
  })
  @Public()
  async signOut(@Args('input', { type: () => SignOutInput }) input: SignOutInput): Promise<boolean> {
    await this.auth.logout(input.refreshToken);
    return true;
  }

  @Mutation(() => TokenPairModel, {
    description: 'An invited person sets a password with the invitation token and is signed in',
  })
  @Public()
  acceptInvite(
    @Args('input', { type: () => AcceptInviteDto }) input: AcceptInviteDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.auth.acceptInvite(input.token, input.password, context);
  }

  @Mutation(() => SignUpPayloadModel, {
    description: 'Creates an account and its owner when SIGNUP=open (the default outside production)',
  })
  @Public()
  signUp(@Args('input', { type: () => SignupDto }) input: SignupDto, @AuditContext() context: RequestContext) {
    return this.auth.signup(input.email, input.password, input.accountName, context);
  }

  @Mutation(() => Boolean, { description: "Changes the caller's own password and ends its other sessions" })
  @RequireScopes()
  async changePassword(
    @Account() account: AccountRef,
    @Args('input', { type: () => ChangePasswordDto }) input: ChangePasswordDto,
    @AuditContext() context: RequestContext,
  ): Promise<boolean> {
    await this.auth.changePassword(account, input.currentPassword, input.newPassword, context);
    return true;
  }
}
