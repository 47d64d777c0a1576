// The run workspaces run git through the one runner every git call in Weft goes through.
export {
  asWeftError,
  firstLine,
  git,
  GitFailure,
  gitText,
  isWorktreeRace,
  type GitOptions,
  type GitResult,
} from '../../git/git-process';
