/** The provider default tables live in shared/ (the UI shows them too); the model reads them from here. */
export * from '../../shared/provider-defaults';
