import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Account, Public, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto, LoginDto, RefreshTokenDto, SignupDto } from './dto/login.dto.js';
import { AcceptInviteDto } from './dto/users.dto.js';
import type { AccountRef } from './scopes.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';
import { MeResponse, SignUpResponse, TokenPairResponse } from './dto/auth.response.js';

@Controller('v1')
@ApiTags('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiBody({
    type: LoginDto,
    examples: { admin: { value: { email: 'admin@localhost', password: 'the-printed-password' } } },
  })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems('UNAUTHENTICATED')
  login(@Body() dto: LoginDto, @AuditContext() context: RequestContext) {
    return this.auth.login(dto.email, dto.password, context);
  }

  /** A refresh token for new tokens; each refresh token works once (rotation). */
  @Post('auth/refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Trade a refresh token for a new token pair' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems('UNAUTHENTICATED')
  refresh(@Body() dto: RefreshTokenDto) {
    return this.auth.refresh(dto.refreshToken);
  }

  /** Ends the session of this refresh token; access tokens already issued run out on their own. */
  @Post('auth/logout')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiNoContentResponse({ description: 'Signed out (also when the token was already unknown)' })
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  /** An invited person sets a password with the invitation token and is signed in. */
  @Post('auth/accept-invite')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Accept an invitation: set a password and sign in' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems('UNAUTHENTICATED')
  acceptInvite(@Body() dto: AcceptInviteDto, @AuditContext() context: RequestContext) {
    return this.auth.acceptInvite(dto.token, dto.password, context);
  }

  /** Creates an account and its owner when SIGNUP=open (the default outside production). */
  @Post('auth/signup')
  @HttpCode(201)
  @Public()
  @ApiOperation({ summary: 'Create an account and its owner (when SIGNUP=open)' })
  @ApiCreatedResponse({ type: SignUpResponse })
  @ApiProblems('FORBIDDEN')
  signup(@Body() dto: SignupDto, @AuditContext() context: RequestContext) {
    return this.auth.signup(dto.email, dto.password, dto.accountName, context);
  }

  @Post('auth/password')
  @HttpCode(204)
  @RequireScopes()
  @ApiOperation({ summary: 'Change your own password' })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiProblems('FORBIDDEN')
  async changePassword(
    @Account() account: AccountRef,
    @Body() dto: ChangePasswordDto,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.auth.changePassword(account, dto.currentPassword, dto.newPassword, context);
  }

  /** Any valid token may ask who it is. */
  @Get('me')
  @RequireScopes()
  @ApiOperation({ summary: 'Who this token speaks for' })
  @ApiOkResponse({ type: MeResponse })
  me(@Account() account: AccountRef) {
    return this.auth.me(account);
  }
}
