import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { MAX_BATCH } from '../messages.service.js';

/** The items stay untyped here: each is validated on its own so one bad item fails only itself. */
export class SendBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  messages: unknown[];
}
