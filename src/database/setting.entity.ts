import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Instance-wide settings, e.g. the secrets generated on first boot in development. */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn('text')
  key: string;

  @Column('text')
  value: string;
}
