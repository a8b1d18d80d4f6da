import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { UserRole } from '../entities/user.entity.js';

const ROLES: UserRole[] = ['owner', 'admin', 'developer', 'viewer'];

export class InviteUserDto {
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: UserRole;
}

export class ChangeRoleDto {
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: UserRole;
}

export class AcceptInviteDto {
  @IsString()
  @Matches(/^inv_[A-Za-z0-9_-]{20,100}$/, { message: 'token must be the invitation token' })
  token: string;

  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(1024)
  password: string;
}
