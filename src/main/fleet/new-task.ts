import type { Assignee, Task, TaskState } from '../../shared/domain/tasks';

/** What a new task is made of; the rest starts empty. */
export interface NewTask {
  readonly id: string;
  readonly projectId: string;
  readonly title: string;
  readonly description: string;
  readonly priority: number;
  readonly labels: string[];
  readonly assignee: Assignee | null;
  readonly baseBranch: string;
  readonly dependsOn?: string[];
  readonly state?: TaskState;
  readonly createdAt: number;
  readonly updatedAt?: number;
}

/** A task that has never run: no branch, no run, no failure, nothing spent. */
export function newTask(fields: NewTask): Task {
  return {
    ...fields,
    dependsOn: fields.dependsOn ?? [],
    state: fields.state ?? 'backlog',
    interrupted: false,
    branch: null,
    stackedOn: null,
    runId: null,
    checkAttempts: 0,
    failure: null,
    costUsd: 0,
    updatedAt: fields.updatedAt ?? fields.createdAt,
  };
}
