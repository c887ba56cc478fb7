"""Writes a table to PostgreSQL over JDBC from Spark, reads it back and prints it.

Usage: dc spark submit jdbc_marks.py [JDBC_URL]; the default URL is the PostgreSQL that
`dc spark up --with-postgres` adds (service postgres, user, password and database spark).
The JDBC driver is in the image's /opt/spark/jars.
"""
import sys

from pyspark.sql import SparkSession, functions as F

url = sys.argv[1] if len(sys.argv) > 1 else "jdbc:postgresql://postgres:5432/spark"
props = {"user": "spark", "password": "spark", "driver": "org.postgresql.Driver"}

spark = SparkSession.builder.appName("jdbc-marks").getOrCreate()
marks = spark.createDataFrame(
    [("ada", "spark", 20), ("alan", "spark", 19), ("grace", "sql", 18), ("edsger", "sql", 17)],
    ["student", "course", "mark"],
)
marks.write.jdbc(url, "marks", mode="overwrite", properties=props)

back = spark.read.jdbc(url, "marks", properties=props)
print(f"marks: {back.count()} rows written to {url} and read back")
for row in back.groupBy("course").agg(F.avg("mark").alias("average")).orderBy("course").collect():
    print(f"{row.course}\t{row.average:.1f}")
spark.stop()
