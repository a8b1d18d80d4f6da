import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

@InputType()
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

@InputType()
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

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword: string;

  @IsString()
  @MinLength(10, { message: 'newPassword must be at least 10 characters' })
  @MaxLength(1024)
  newPassword: string;
}

export class RefreshTokenDto {
  @IsString()
  @Matches(/^rt_[A-Za-z0-9_-]{20,100}$/, { message: 'refreshToken must be a refresh token from sign-in' })
  refreshToken: string;
}
