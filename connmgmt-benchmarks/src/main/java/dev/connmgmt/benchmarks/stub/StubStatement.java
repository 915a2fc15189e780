package dev.connmgmt.benchmarks.stub;

/**
 * A statement of a {@link StubConnection}: {@code execute} succeeds at once. Generated from
 * {@link java.sql.Statement}.
 */
@SuppressWarnings("unchecked")
final class StubStatement implements java.sql.Statement {

	private final StubConnection connection;

	private boolean closed;

	StubStatement(StubConnection connection) {
		this.connection = connection;
	}

	@Override
	public java.sql.ResultSet executeQuery(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int executeUpdate(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void close() throws java.sql.SQLException {
		this.closed = true;
	}

	@Override
	public int getMaxFieldSize() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setMaxFieldSize(int arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int getMaxRows() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setMaxRows(int arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setEscapeProcessing(boolean arg0) throws java.sql.SQLException {
		
	}

	@Override
	public int getQueryTimeout() throws java.sql.SQLException {
		return 0;
	}

	@Override
	public void setQueryTimeout(int arg0) throws java.sql.SQLException {
		
	}

	@Override
	public void cancel() throws java.sql.SQLException {
		
	}

	@Override
	public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
		return null;
	}

	@Override
	public void clearWarnings() throws java.sql.SQLException {
		
	}

	@Override
	public void setCursorName(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean execute(String arg0) throws java.sql.SQLException {
		return false;
	}

	@Override
	public java.sql.ResultSet getResultSet() throws java.sql.SQLException {
		return null;
	}

	@Override
	public int getUpdateCount() throws java.sql.SQLException {
		return -1;
	}

	@Override
	public boolean getMoreResults() throws java.sql.SQLException {
		return false;
	}

	@Override
	public void setFetchDirection(int arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int getFetchDirection() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setFetchSize(int arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int getFetchSize() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int getResultSetConcurrency() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int getResultSetType() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void addBatch(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void clearBatch() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int[] executeBatch() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.Connection getConnection() throws java.sql.SQLException {
		return this.connection;
	}

	@Override
	public boolean getMoreResults(int arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public java.sql.ResultSet getGeneratedKeys() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int executeUpdate(String arg0, int arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int executeUpdate(String arg0, int[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int executeUpdate(String arg0, String[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean execute(String arg0, int arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean execute(String arg0, int[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean execute(String arg0, String[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public int getResultSetHoldability() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean isClosed() throws java.sql.SQLException {
		return this.closed;
	}

	@Override
	public void setPoolable(boolean arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean isPoolable() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void closeOnCompletion() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean isCloseOnCompletion() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public long getLargeUpdateCount() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public void setLargeMaxRows(long arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public long getLargeMaxRows() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public long[] executeLargeBatch() throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public long executeLargeUpdate(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public long executeLargeUpdate(String arg0, int arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public long executeLargeUpdate(String arg0, int[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public long executeLargeUpdate(String arg0, String[] arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public String enquoteLiteral(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public String enquoteIdentifier(String arg0, boolean arg1) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public boolean isSimpleIdentifier(String arg0) throws java.sql.SQLException {
		throw unsupported();
	}

	@Override
	public String enquoteNCharLiteral(String arg0) throws java.sql.SQLException {
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
