import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';

@InputType('SignInInput')
export class LoginDto {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(320)
  @ApiProperty({ type: String, example: 'admin@localhost' })
  email: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  @ApiProperty({ type: String, format: 'password' })
  password: string;
}

@InputType('SignUpInput')
export class SignupDto {
  @Field()
  @IsEmail({ require_tld: false }, { message: 'email must be an email address' })
  @MaxLength(320)
  @ApiProperty({ type: String, example: 'ada@example.com' })
  email: string;

  @Field()
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(1024)
  @ApiProperty({ type: String, format: 'password' })
  password: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @ApiProperty({ type: String, example: 'Acme' })
  accountName: string;
}

@InputType('ChangePasswordInput')
export class ChangePasswordDto {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  @ApiProperty({ type: String, format: 'password' })
  currentPassword: string;

  @Field()
  @IsString()
  @MinLength(10, { message: 'newPassword must be at least 10 characters' })
  @MaxLength(1024)
  @ApiProperty({ type: String, format: 'password' })
  newPassword: string;
}

@InputType('RefreshTokenInput')
export class RefreshTokenDto {
  @Field()
  @IsString()
  @Matches(/^rt_[A-Za-z0-9_-]{20,100}$/, { message: 'refreshToken must be a refresh token from sign-in' })
  @ApiProperty({ type: String, description: 'The refreshToken of the last token pair' })
  refreshToken: string;
}

/** GraphQL `signOut(input:)`: the same body as `refreshToken`, under its own input name. */
@InputType('SignOutInput')
export class SignOutInput extends RefreshTokenDto {}
