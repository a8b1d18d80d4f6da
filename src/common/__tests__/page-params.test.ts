import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import {
  Args,
  ArgsType,
  Field,
  GraphQLSchemaBuilderModule,
  GraphQLSchemaFactory,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, validate } from 'class-validator';
import { parse, validate as graphqlValidate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSerialId } from '../ids.js';
import { encodeCursor } from '../pagination.js';
import { PageArgs, PageQuery, TimeWindowArgs, TimeWindowQuery } from '../page-params.js';

class Filters {
  @IsOptional()
  @IsString()
  @ApiPropertyOptional({ type: String })
  to?: string;
}

class ListQueryDto extends PageQuery(
  TimeWindowQuery(Filters, { since: 'Created at or after', until: 'Created before', example: '2026-05-01' }),
) {}
class SerialQueryDto extends PageQuery(undefined, { cursorId: isSerialId }) {}

@ArgsType()
class FilterArgs extends TimeWindowArgs({ since: 'At or after', until: 'Before' }) {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  to?: string | null;
}

@ArgsType()
class ListArgs extends PageArgs(FilterArgs) {}

@Resolver()
class ListResolver {
  @Query(() => String)
  list(@Args() _args: ListArgs): string {
    return '';
  }
}

const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

async function errors(cls: new () => object, input: Record<string, unknown>): Promise<[string, string[]][]> {
  const found = await validate(plainToInstance(cls, input), options);
  return found.map((e) => [e.property, [...new Set(Object.values(e.constraints ?? {}))]]);
}

const uuidCursor = encodeCursor({ t: '2026-05-01T10:00:00.000000Z', id: '01970000-0000-7000-8000-000000000001' });
const serialCursor = encodeCursor({ t: '2026-05-01T10:00:00.000000Z', id: '42' });

describe('REST list parameters', () => {
  it('lists the filters, then since and until, then cursor and limit (the OpenAPI order)', () => {
    const keys = Reflect.getMetadata('swagger/apiModelPropertiesArray', ListQueryDto.prototype) as string[];
    expect(keys).toEqual([':to', ':since', ':until', ':cursor', ':limit']);
    const meta = (key: string) =>
      Reflect.getMetadata('swagger/apiModelProperties', ListQueryDto.prototype, key) as object;
    expect(meta('since')).toMatchObject({
      description: 'Created at or after: a date (2026-05-01) or a date-time with its offset',
      example: '2026-05-01',
    });
    expect(meta('limit')).toMatchObject({ type: 'integer', default: 50 });
  });

  it('reads limit as a query-string integer, 1 to 500, naming the field', async () => {
    const limitMessage = 'limit must be an integer from 1 to 500';
    for (const limit of ['0', '501', 'abc', '0x10', ' 5']) {
      expect(await errors(ListQueryDto, { limit })).toEqual([['limit', [limitMessage]]]);
    }
    const dto = plainToInstance(ListQueryDto, { limit: '20', to: 'x' });
    expect(dto.limit).toBe(20);
    expect(await errors(ListQueryDto, { limit: '20', to: 'x' })).toEqual([]);
  });

  it("takes a cursor of the list's key and refuses the others", async () => {
    expect(await errors(ListQueryDto, { cursor: uuidCursor })).toEqual([]);
    expect(await errors(ListQueryDto, { cursor: serialCursor })).toEqual([
      ['cursor', ['cursor is not a cursor returned by this list']],
    ]);
    expect(await errors(SerialQueryDto, { cursor: serialCursor })).toEqual([]);
    expect(await errors(SerialQueryDto, { cursor: uuidCursor })).toEqual([
      ['cursor', ['cursor is not a cursor returned by this list']],
    ]);
  });

  it('refuses a since or until that is not a timestamp, in the order the parameters are listed', async () => {
    expect((await errors(ListQueryDto, { until: 'soon', since: 'later', limit: '0' })).map(([f]) => f)).toEqual([
      'since',
      'until',
      'limit',
    ]);
  });
});

describe('GraphQL list arguments', () => {
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists first and after, then the filters, then since and until (the schema order)', async () => {
    const schema = await app.get(GraphQLSchemaFactory).create([ListResolver]);
    const args = schema.getQueryType()!.getFields().list.args;
    expect(args.map((a) => [a.name, String(a.type), a.description ?? null])).toEqual([
      ['first', 'Int', 'Page size, 1 to 500 (default 50)'],
      ['after', 'String', 'The endCursor of the previous page'],
      ['to', 'String', null],
      ['since', 'String', 'At or after'],
      ['until', 'String', 'Before'],
    ]);
    // A `first` that is not an integer never reaches class-validator: GraphQL's Int refuses it.
    expect(graphqlValidate(schema, parse('{ list(first: 1.5) }')).map((e) => e.message)).toEqual([
      'Int cannot represent non-integer value: 1.5',
    ]);
  });

  it('bounds first and checks after, naming the argument', async () => {
    const firstMessage = 'first must be an integer from 1 to 500';
    expect(await errors(ListArgs, { first: 0 })).toEqual([['first', [firstMessage]]]);
    expect(await errors(ListArgs, { first: 501 })).toEqual([['first', [firstMessage]]]);
    expect(await errors(ListArgs, { first: null, after: null, since: null })).toEqual([]);
    expect(await errors(ListArgs, { after: 'x' })).toEqual([
      ['after', ['after is not a cursor returned by this list']],
    ]);
  });
});
