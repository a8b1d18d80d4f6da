import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { CHECKED_PER_ITEM } from '@/common/validation.js';
import { MAX_BATCH } from '../message-ingest.service.js';
import { SendMessageDto } from './send-message.dto.js';

/** The items stay untyped here: each is validated on its own so one bad item fails only itself. */
export class SendBatchDto {
  static readonly [CHECKED_PER_ITEM] = ['messages'];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @ApiProperty({ type: [SendMessageDto], description: 'Each is validated on its own: one bad item fails only itself' })
  messages: unknown[];
}
