import type { Type } from '@nestjs/common';
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

export interface ListResponse<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * The list shape of the contract, `{data, nextCursor}` (DESIGN.md §3), as a named schema per item
 * type (`MessageList`, `DeviceList`, …). `whole`: the list is never paged (nextCursor is always null).
 */
export function ListOf<T>(item: Type<T>, name: string, whole = false): Type<ListResponse<T>> {
  @ApiSchema({ name })
  class List implements ListResponse<T> {
    @ApiProperty({ type: [item] })
    data: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: whole
        ? 'Always null: this list is answered whole'
        : 'Pass it as `cursor` for the next page; null on the last page',
    })
    nextCursor: string | null;
  }
  return List;
}
