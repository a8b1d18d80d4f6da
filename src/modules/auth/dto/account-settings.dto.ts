import { IsBoolean, ValidateIf } from 'class-validator';

/** `PATCH /v1/account/settings`: each setting optional, none nullable. */
export class UpdateAccountSettingsDto {
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined)
  @IsBoolean()
  stickyRecipients?: boolean;
}
