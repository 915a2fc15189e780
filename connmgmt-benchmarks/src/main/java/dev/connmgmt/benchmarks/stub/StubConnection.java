package dev.connmgmt.benchmarks.stub;

/**
 * A JDBC connection that talks to nothing: every call a pool makes on borrow and return
 * answers at once from memory, so benchmarks measure the pool and what wraps it, not a
 * database. Generated from {@link java.sql.Connection}; what a pool never calls is
 * unsupported.
 */
@SuppressWarnings("unchecked")
final class StubConnection implements java.sql.Connection {

	private volatile boolean closed;

	private boolean autoCommit = true;

	private boolean readOnly;

	private int isolation = java.sql.Connection.TRANSACTION_READ_COMMITTED;

	private int networkTimeout;

	@Override
	public java.sql.Statement createStatement() throws java.sql.SQLException {
		return new StubStatement(this);
	}

	@Override
	public java.sql.PreparedStatement prepareStatement(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.CallableStatement prepareCall(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public String nativeSQL(String arg0) throws java.sql.SQLException {
		return arg0;
	}

	@Override
	public void setAutoCommit(boolean arg0) throws java.sql.SQLException {
		this.autoCommit = arg0;
	}

	@Override
	public boolean getAutoCommit() throws java.sql.SQLException {
		return this.autoCommit;
	}

	@Override
	public void commit() throws java.sql.SQLException {
		
	}

	@Override
	public void rollback() throws java.sql.SQLException {
		
	}

	@Override
	public void close() throws java.sql.SQLException {
		this.closed = true;
	}

	@Override
	public boolean isClosed() throws java.sql.SQLException {
		return this.closed;
	}

	@Override
	public java.sql.DatabaseMetaData getMetaData() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setReadOnly(boolean arg0) throws java.sql.SQLException {
		this.readOnly = arg0;
	}

	@Override
	public boolean isReadOnly() throws java.sql.SQLException {
		return this.readOnly;
	}

	@Override
	public void setCatalog(String arg0) throws java.sql.SQLException {
		
	}

	@Override
	public String getCatalog() throws java.sql.SQLException {
		return null;
	}

	@Override
	public void setTransactionIsolation(int arg0) throws java.sql.SQLException {
		this.isolation = arg0;
	}

	@Override
	public int getTransactionIsolation() throws java.sql.SQLException {
		return this.isolation;
	}

	@Override
	public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
		return null;
	}

	@Override
	public void clearWarnings() throws java.sql.SQLException {
		
	}

	@Override
	public java.sql.Statement createStatement(int arg0, int arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.PreparedStatement prepareStatement(String arg0, int arg1, int arg2) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.CallableStatement prepareCall(String arg0, int arg1, int arg2) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.util.Map<String, Class<?>> getTypeMap() throws java.sql.SQLException {
		return java.util.Map.of();
	}

	@Override
	public void setTypeMap(java.util.Map<String, Class<?>> arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setHoldability(int arg0) throws java.sql.SQLException {
		
	}

	@Override
	public int getHoldability() throws java.sql.SQLException {
		return java.sql.ResultSet.HOLD_CURSORS_OVER_COMMIT;
	}

	@Override
	public java.sql.Savepoint setSavepoint() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.Savepoint setSavepoint(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void rollback(java.sql.Savepoint arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void releaseSavepoint(java.sql.Savepoint arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.Statement createStatement(int arg0, int arg1, int arg2) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.PreparedStatement prepareStatement(String arg0, int arg1, int arg2, int arg3) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.CallableStatement prepareCall(String arg0, int arg1, int arg2, int arg3) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.PreparedStatement prepareStatement(String arg0, int arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.PreparedStatement prepareStatement(String arg0, int[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.PreparedStatement prepareStatement(String arg0, String[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.Clob createClob() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.Blob createBlob() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.NClob createNClob() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.SQLXML createSQLXML() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean isValid(int arg0) throws java.sql.SQLException {
		return !this.closed;
	}

	@Override
	public void setClientInfo(String arg0, String arg1) throws java.sql.SQLClientInfoException {
		
	}

	@Override
	public void setClientInfo(java.util.Properties arg0) throws java.sql.SQLClientInfoException {
		
	}

	@Override
	public String getClientInfo(String arg0) throws java.sql.SQLException {
		return null;
	}

	@Override
	public java.util.Properties getClientInfo() throws java.sql.SQLException {
		return new java.util.Properties();
	}

	@Override
	public java.sql.Array createArrayOf(String arg0, Object[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.Struct createStruct(String arg0, Object[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setSchema(String arg0) throws java.sql.SQLException {
		
	}

	@Override
	public String getSchema() throws java.sql.SQLException {
		return null;
	}

	@Override
	public void abort(java.util.concurrent.Executor arg0) throws java.sql.SQLException {
		this.closed = true;
	}

	@Override
	public void setNetworkTimeout(java.util.concurrent.Executor arg0, int arg1) throws java.sql.SQLException {
		this.networkTimeout = arg1;
	}

	@Override
	public int getNetworkTimeout() throws java.sql.SQLException {
		return this.networkTimeout;
	}

	@Override
	public void beginRequest() throws java.sql.SQLException {
		
	}

	@Override
	public void endRequest() throws java.sql.SQLException {
		
	}

	@Override
	public boolean setShardingKeyIfValid(java.sql.ShardingKey arg0, java.sql.ShardingKey arg1, int arg2) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean setShardingKeyIfValid(java.sql.ShardingKey arg0, int arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setShardingKey(java.sql.ShardingKey arg0, java.sql.ShardingKey arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setShardingKey(java.sql.ShardingKey arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		throw unsupported();
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) {
		return iface.isInstance(this);
	}

	private static java.sql.SQLFeatureNotSupportedException unsupported() {
		return new java.sql.SQLFeatureNotSupportedException("not part of the stub");
	}

}
