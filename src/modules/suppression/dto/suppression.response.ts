import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ListOf } from '@/common/openapi/list.response.js';
import type { ImportReport, InvalidImportRow } from '../csv-import.js';
import { SUPPRESSION_REASONS, type SuppressionReason } from '../entities/suppression.entity.js';
import type { SuppressionResource } from '../suppression.service.js';

@ApiSchema({ name: 'Suppression', description: 'A number on the opt-out list: sends to it are refused' })
export class SuppressionResponse implements SuppressionResource {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, description: 'E.164', example: '+4915123456789' })
  phoneNumber: string;

  @ApiProperty({ enum: SUPPRESSION_REASONS, description: 'keyword: the recipient texted STOP' })
  reason: SuppressionReason;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The inbound SMS that said STOP' })
  sourceMessageId: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export const SuppressionListResponse = ListOf(SuppressionResponse, 'SuppressionList');

@ApiSchema({ name: 'InvalidImportRow' })
class InvalidImportRowResponse implements InvalidImportRow {
  @ApiProperty({ type: 'integer', description: 'The line of the file (the header is line 1)' })
  line: number;

  @ApiProperty({ type: String, description: 'The cell as given, cut to 64 characters' })
  value: string;

  @ApiProperty({ type: String, enum: ['INVALID_PHONE_NUMBER'] })
  code: 'INVALID_PHONE_NUMBER';
}

@ApiSchema({ name: 'SuppressionImport' })
export class ImportReportResponse implements ImportReport {
  @ApiProperty({ type: 'integer', description: 'Numbers added' })
  imported: number;

  @ApiProperty({
    type: 'integer',
    description: 'Valid rows whose number was on the list already, or earlier in the file',
  })
  duplicates: number;

  @ApiProperty({ type: [InvalidImportRowResponse], description: 'The first invalid rows' })
  invalid: InvalidImportRow[];

  @ApiProperty({ type: 'integer' })
  invalidCount: number;
}
