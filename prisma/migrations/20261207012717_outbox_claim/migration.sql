-- AlterTable
ALTER TABLE "SlackMessage" ADD COLUMN     "claimedUntil" TIMESTAMP(3);
