import { AbsenceEntity, PinEntity, PossibleDayEntity, TeleworkRequestEntity } from './requests';
import { ClosureDayEntity, CounterEntity, CounterOverrideEntity, DivisionEntity, PeriodEntity, PlaceEntity } from './organisation';
import { AssignmentEntity, RosterEntity, RosterPublicationEntity } from './roster';
import { ActualDayEntity, NotificationEntity } from './notifications';
import { SimulationRunEntity } from './simulation';
import { AccountEntity, SetupLinkEntity, StaffEntity } from './staff';
import {
  ApiTokenEntity,
  AllowanceRuleEntity,
  AppSecretEntity,
  AuditEntity,
  LoginThrottleEntity,
  PolicyEntity,
  RateLimitEntity,
  ReferenceVersionEntity,
  SessionEntity,
} from './system';

export * from './notifications';
export * from './organisation';
export * from './requests';
export * from './roster';
export * from './simulation';
export * from './staff';
export * from './system';

export const ENTITIES = [
  DivisionEntity,
  CounterEntity,
  CounterOverrideEntity,
  ClosureDayEntity,
  StaffEntity,
  AccountEntity,
  SetupLinkEntity,
  TeleworkRequestEntity,
  AbsenceEntity,
  PinEntity,
  RosterEntity,
  AssignmentEntity,
  RosterPublicationEntity,
  PolicyEntity,
  AuditEntity,
  ApiTokenEntity,
  SessionEntity,
  RateLimitEntity,
  LoginThrottleEntity,
  AppSecretEntity,
  SimulationRunEntity,
  NotificationEntity,
  ActualDayEntity,
  ReferenceVersionEntity,
  AllowanceRuleEntity,
  PeriodEntity,
  PlaceEntity,
  PossibleDayEntity,
];
