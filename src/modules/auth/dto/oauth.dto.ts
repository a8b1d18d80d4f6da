import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { SCOPES, type Scope } from '../scopes.js';

@InputType('CreateOAuthClientInput')
export class CreateOAuthClientDto {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @ApiProperty({ type: String, example: 'billing-service' })
  name: string;

  @Field(() => [String], { description: `Each one of ${SCOPES.join(', ')}` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCOPES.length)
  @IsIn(SCOPES, { each: true, message: `each scope must be one of ${SCOPES.join(', ')}` })
  @ApiProperty({ type: [String], example: ['messages:send', 'messages:read'] })
  scopes: Scope[];
}

/** GraphQL `rotateOAuthClientSecret(input:)`. */
@InputType('RotateOAuthClientSecretInput')
export class RotateOAuthClientSecretInput {
  @Field(() => ID, { description: 'The clientId' })
  @IsString()
  id: string;
}

/** GraphQL `revokeOAuthClient(input:)`. */
@InputType('RevokeOAuthClientInput')
export class RevokeOAuthClientInput {
  @Field(() => ID, { description: 'The clientId' })
  @IsString()
  id: string;
}
