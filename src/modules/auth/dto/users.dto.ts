import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import type { UserRole } from '../entities/user.entity.js';

const ROLES: UserRole[] = ['owner', 'admin', 'developer', 'viewer'];

@InputType('InviteUserInput')
export class InviteUserDto {
  @Field()
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(320)
  @ApiProperty({ type: String, example: 'ben@example.com' })
  email: string;

  @Field(() => String, { description: `One of ${ROLES.join(', ')}` })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  @ApiProperty({
    type: String,
    description: 'Who may invite whom: an admin invites developers and viewers, an owner anyone',
  })
  role: UserRole;
}

@InputType({ isAbstract: true })
export class ChangeRoleDto {
  @Field(() => String, { description: `One of ${ROLES.join(', ')}` })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  @ApiProperty({ type: String })
  role: UserRole;
}

@InputType('AcceptInviteInput')
export class AcceptInviteDto {
  @Field()
  @IsString()
  @Matches(/^inv_[A-Za-z0-9_-]{20,100}$/, { message: 'token must be the invitation token' })
  @ApiProperty({ type: String, description: 'The invitation token (inv_…)' })
  token: string;

  @Field()
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(1024)
  @ApiProperty({ type: String, format: 'password' })
  password: string;
}

/** GraphQL `changeUserRole(input:)`: the PATCH body plus the user's id. */
@InputType('ChangeUserRoleInput')
export class ChangeUserRoleInput extends ChangeRoleDto {
  @Field(() => ID)
  @IsString()
  id: string;
}

/** GraphQL `removeUser(input:)`. */
@InputType('RemoveUserInput')
export class RemoveUserInput {
  @Field(() => ID)
  @IsString()
  id: string;
}
