import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

@InputType('SignInInput')
export class LoginDto {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(320)
  email: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

@InputType('SignUpInput')
export class SignupDto {
  @Field()
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @Field()
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(1024)
  password: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  accountName: string;
}

@InputType('ChangePasswordInput')
export class ChangePasswordDto {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword: string;

  @Field()
  @IsString()
  @MinLength(10, { message: 'newPassword must be at least 10 characters' })
  @MaxLength(1024)
  newPassword: string;
}

@InputType('RefreshTokenInput')
export class RefreshTokenDto {
  @Field()
  @IsString()
  @Matches(/^rt_[A-Za-z0-9_-]{20,100}$/, { message: 'refreshToken must be a refresh token from sign-in' })
  refreshToken: string;
}

/** GraphQL `signOut(input:)`: the same body as `refreshToken`, under its own input name. */
@InputType('SignOutInput')
export class SignOutInput extends RefreshTokenDto {}
